/* Learn mode (sf-run --learn) as the shim sees it. sf-run records every
 * call from exec on through a seccomp user-notification filter it installs
 * before exec; the shim's part is to say where the program's own code
 * starts, i.e. where it would install the exact policies: calls before
 * that point run, under sf-run, inside the coarse filter (the policy plus
 * what the loader needs), so the loader's calls need no rule. */
#ifndef SF_LEARN_H
#define SF_LEARN_H

/* SF_LEARN=1: mark the start. The shim then overwrites the value with '-'
 * in place, so that descendants, all of whose calls need rules, do not. */
#define SF_LEARN_ENV "SF_LEARN"

/* The mark: prctl(PR_GET_SECCOMP, A, B, C, 0), a harmless question
 * (prctl is among the loader's calls) with arguments no one else passes;
 * sf-run recognises it in the notification and does not count it. */
#define SF_LEARN_MARK_A 0x53464c45UL /* "SFLE" */
#define SF_LEARN_MARK_B 0x41524e21UL /* "ARN!" */
#define SF_LEARN_MARK_C 0x6d61696eUL /* "main" */

/* -1: not learning; 0: learning, the start was marked by an ancestor;
 * 1: this process marks it. *slot is SF_LEARN's value in the environment.
 * A malformed value stops the process (125). */
int sf_learn_parse(char **envp, char **slot);

/* Makes the mark and overwrites *slot. */
void sf_learn_mark(char *slot);

#endif

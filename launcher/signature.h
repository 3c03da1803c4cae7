/* sf-run --signature: how each argument of a syscall is compared. */
#ifndef SF_SIGNATURE_H
#define SF_SIGNATURE_H

/* argv: [--arch ARCH] NAME...; returns the exit status. */
int sf_mode_signature(int argc, char **argv);

#endif

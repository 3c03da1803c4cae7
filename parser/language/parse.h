/* Policy text to policy model. */
#ifndef SF_PARSE_H
#define SF_PARSE_H

#include <stddef.h>
#include "error.h"
#include "policy.h"

/* Each returns 0, or -1 with err set; on error *p is left empty but valid.
 * Texts and files add to *p (after sf_policy_init), so several sources
 * can form one policy. name is used in messages and to resolve @include
 * relative to it. */
int sf_parse_file(struct sf_policy *p, const char *path, struct sf_error *err);
int sf_parse_text(struct sf_policy *p, const char *name, const char *text, size_t len,
		  struct sf_error *err);

/* sf_parse_file and sf_parse_finish, reading on after an error to the
 * end of the file (and its includes): each error's message goes to
 * each(ctx, msg), the first 50 of them. Returns how many; *p must be
 * freed either way. */
int sf_parse_file_each(struct sf_policy *p, const char *path,
		       void (*each)(void *ctx, const char *msg), void *ctx);
/* The same for inline text (-e), named name in messages. */
int sf_parse_text_each(struct sf_policy *p, const char *name, const char *text, size_t len,
		       void (*each)(void *ctx, const char *msg), void *ctx);

/* Where an absolute @include that is not there is looked for: DIR/PATH,
 * then DIR/NAME, for each DIR of the colon-separated list (SF_INCLUDE_PATH's
 * value; kept, not copied). NULL or "" for none. */
void sf_parse_set_include_path(const char *dirs);

/* Checks made once all sources are in (e.g. "empty policy"). */
int sf_parse_finish(struct sf_policy *p, struct sf_error *err);

#endif

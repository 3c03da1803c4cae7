/* Errors a person can act on: "file:line:col: error: what" plus the source
 * line and a caret. */
#ifndef SF_ERROR_H
#define SF_ERROR_H

#include <stddef.h>

struct sf_error {
	char msg[1024];
};

void sf_error_set(struct sf_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sets err to "file:line:col: error: <fmt>" followed by the line of text
 * that starts at line_start and a caret under column col. */
void sf_error_at(struct sf_error *err, const char *file, int line, int col, const char *line_start,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* The closest candidate to word within a small edit distance, or NULL. */
const char *sf_suggest(const char *word, size_t len, const char *const *candidates, size_t n);

#endif

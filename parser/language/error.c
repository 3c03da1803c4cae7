#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

void sf_error_set(struct sf_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

void sf_error_at(struct sf_error *err, const char *file, int line, int col, const char *line_start,
		 const char *fmt, ...)
{
	va_list ap;
	size_t n, len, shown;
	int i, caret;

	n = (size_t)snprintf(err->msg, sizeof(err->msg), "%s:%d:%d: error: ", file, line, col);
	if (n >= sizeof(err->msg))
		return;
	va_start(ap, fmt);
	n += (size_t)vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
	va_end(ap);
	if (!line_start || n >= sizeof(err->msg))
		return;

	/* Show at most 80 characters of the line, around the column, so a
	 * 1 MB line still gives a readable message. */
	len = strcspn(line_start, "\n\r");
	caret = col - 1;
	if (caret > 60) {
		line_start += caret - 40;
		len -= (size_t)(caret - 40);
		caret = 40;
	}
	shown = len > 80 ? 80 : len;
	/* The line goes to a terminal: its control characters (an escape
	 * sequence in a policy from elsewhere) are shown as '?'. */
	n += (size_t)snprintf(err->msg + n, sizeof(err->msg) - n, "\n  ");
	for (i = 0; i < (int)shown && n + 1 < sizeof(err->msg); i++) {
		unsigned char ch = (unsigned char)line_start[i];

		err->msg[n++] = (ch < 0x20 && ch != '\t') || ch == 0x7f ? '?' : (char)ch;
	}
	for (i = 0; i < 3 && n + 1 < sizeof(err->msg); i++)
		err->msg[n++] = "\n  "[i];
	if (n < sizeof(err->msg))
		err->msg[n] = '\0';
	for (i = 0; i < caret && n + 2 < sizeof(err->msg); i++)
		err->msg[n++] = line_start[i] == '\t' ? '\t' : ' ';
	if (n + 2 < sizeof(err->msg)) {
		err->msg[n++] = '^';
		err->msg[n] = '\0';
	}
}

/* Levenshtein distance, with a cap so long words stay cheap. */
static size_t edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t row[64], i, j, prev, tmp;

	if (alen >= 64 || blen >= 64)
		return (size_t)-1;
	for (j = 0; j <= blen; j++)
		row[j] = j;
	for (i = 1; i <= alen; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= blen; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[blen];
}

const char *sf_suggest(const char *word, size_t len, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, d, i, limit;

	limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	for (i = 0; i < n; i++) {
		if (!candidates[i])
			continue;
		d = edit_distance(word, len, candidates[i], strlen(candidates[i]));
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best_d <= limit ? best : NULL;
}

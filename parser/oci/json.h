/* A small strict JSON reader for container seccomp profiles: the whole
 * text becomes one array of values that refer to each other by index, so a
 * document is three allocations to free. Strings are decoded UTF-8 (the
 * escapes, surrogate pairs included); integers are kept exact to 64 bits,
 * since a profile's argument values are unsigned 64-bit numbers that a
 * double would round. Whatever RFC 8259 does not allow is an error. */
#ifndef SF_JSON_H
#define SF_JSON_H

#include <stddef.h>
#include <stdint.h>

enum sf_json_type {
	SF_JSON_NULL,
	SF_JSON_FALSE,
	SF_JSON_TRUE,
	SF_JSON_NUMBER,
	SF_JSON_STRING,
	SF_JSON_ARRAY,
	SF_JSON_OBJECT,
};

/* How far nesting may go: a profile needs 5 levels; a deeper text is an
 * attack on the reader's stack, not a profile. */
#define SF_JSON_MAX_DEPTH 64
/* How many values: Docker's profile has about 600; this bounds the memory
 * a 16 MiB text of "[0,0,0,..." would take (about 70 bytes a value). */
#define SF_JSON_MAX_VALUES (1 << 20)

struct sf_json {
	unsigned char type;	/* enum sf_json_type */
	unsigned char integer;	/* a number without fraction or exponent */
	unsigned char negative; /* the number had a minus sign */
	unsigned char overflow; /* an integer whose magnitude exceeds 2^64-1 */
	uint64_t magnitude;	/* |integer|, when integer && !overflow */
	size_t off;		/* byte offset in the text, for messages */
	const char *str;	/* string: decoded, NUL-terminated */
	size_t len;		/* string: bytes; array, object: members */
	const char *key;	/* an object member's key (decoded), else NULL */
	size_t key_off;		/* the key's byte offset */
	int first;		/* array, object: the first member, or -1 */
	int next;		/* the next member of the parent, or -1 */
};

struct sf_json_doc {
	struct sf_json *v; /* v[0] is the top-level value */
	size_t n, cap;
	char *strings; /* decoded strings and keys */
	size_t strings_used;
};

/* Parses text (len bytes, not necessarily NUL-terminated). 0, or -1 with
 * msg set (without position) and *err_off the offending byte's offset; the
 * document is then empty. */
int sf_json_parse(struct sf_json_doc *d, const char *text, size_t len, char *msg, size_t msg_size,
		  size_t *err_off);

void sf_json_free(struct sf_json_doc *d);

/* The member of object obj named key, or -1. */
int sf_json_get(const struct sf_json_doc *d, int obj, const char *key);

/* 1-based line and column (in bytes) of offset off. */
void sf_json_linecol(const char *text, size_t len, size_t off, int *line, int *col);

/* "a string", "an array", ... for messages. */
const char *sf_json_type_name(int type);

#endif

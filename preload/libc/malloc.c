/* A small allocator on anonymous mappings: power-of-two size classes with
 * one free list each, carved from 256 KiB arenas; a request above the
 * largest class gets a mapping of its own, unmapped by free. Freed blocks
 * are kept for reuse, never returned: the parser's and compiler's working
 * set is small. One spin lock: the shim allocates while the program is not
 * running yet, or under sf_restrict's own lock. sf-run (musl, static) uses
 * it too, in place of musl's: its supervisor, alive as long as the program,
 * grows to what it holds at once, its freed blocks reused. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libc.h"

#define HDR 16 /* keeps payloads 16-byte aligned, as malloc's are */
#define MIN_SHIFT 5
#define MAX_SHIFT 16
#define NCLASS (MAX_SHIFT - MIN_SHIFT + 1)
#define ARENA (256 * 1024)
#define PAGE 4096

/* What precedes each payload. */
struct hdr {
	size_t cls;  /* class index, or NCLASS for a mapping of its own */
	size_t size; /* the block's length, header included */
};

struct free_block {
	struct free_block *next;
};

static struct free_block *free_list[NCLASS];
static char *arena_pos, *arena_end;
static char busy;

static void lock(void)
{
	while (__atomic_test_and_set(&busy, __ATOMIC_ACQUIRE))
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void unlock(void)
{
	__atomic_clear(&busy, __ATOMIC_RELEASE);
}

static void *map(size_t len)
{
	void *p = sf_raw_mmap_anon(len);

	if (!p)
		sf_libc_errno = ENOMEM;
	return p;
}

static void *alloc_big(size_t n)
{
	size_t len;
	struct hdr *h;

	if (n > SIZE_MAX - HDR - PAGE) {
		sf_libc_errno = ENOMEM;
		return NULL;
	}
	len = (n + HDR + PAGE - 1) & ~(size_t)(PAGE - 1);
	h = map(len);
	if (!h)
		return NULL;
	h->cls = NCLASS;
	h->size = len;
	return (char *)h + HDR;
}

void *malloc(size_t n)
{
	size_t cls = 0, size;
	struct hdr *h;

	while (cls < NCLASS && ((size_t)1 << (cls + MIN_SHIFT)) - HDR < n)
		cls++;
	if (cls == NCLASS)
		return alloc_big(n);
	size = (size_t)1 << (cls + MIN_SHIFT);
	lock();
	if (free_list[cls]) {
		h = (struct hdr *)free_list[cls];
		free_list[cls] = free_list[cls]->next;
	} else {
		if ((size_t)(arena_end - arena_pos) < size) {
			/* The rest of the old arena is dropped: at most
			 * one largest block's worth. */
			char *a = map(ARENA);

			if (!a) {
				unlock();
				return NULL;
			}
			arena_pos = a;
			arena_end = a + ARENA;
		}
		h = (struct hdr *)arena_pos;
		arena_pos += size;
	}
	unlock();
	h->cls = cls;
	h->size = size;
	return (char *)h + HDR;
}

void free(void *p)
{
	struct hdr *h;
	size_t cls;

	if (!p)
		return;
	h = (struct hdr *)((char *)p - HDR);
	if (h->cls == NCLASS) {
		sf_raw6(SYS_munmap, (long)h, (long)h->size, 0, 0, 0, 0);
		return;
	}
	cls = h->cls; /* the free list's link goes where cls was */
	lock();
	((struct free_block *)h)->next = free_list[cls];
	free_list[cls] = (struct free_block *)h;
	unlock();
}

void *calloc(size_t count, size_t size)
{
	void *p;

	if (size && count > SIZE_MAX / size) {
		sf_libc_errno = ENOMEM;
		return NULL;
	}
	p = malloc(count * size);
	return p ? memset(p, 0, count * size) : NULL;
}

void *realloc(void *p, size_t n)
{
	struct hdr *h;
	void *q;

	if (!p)
		return malloc(n);
	if (!n) {
		free(p);
		return NULL;
	}
	h = (struct hdr *)((char *)p - HDR);
	if (n <= h->size - HDR)
		return p;
	q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, h->size - HDR);
	free(p);
	return q;
}

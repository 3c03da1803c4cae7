/* snprintf and vsnprintf for the parser's messages: flags -0+ #, width and
 * precision (also *), the length modifiers hh h l ll z j t, and d i u o x X
 * c s p %. Floating point is not used on the policy path. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libc.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

enum { F_LEFT = 1, F_ZERO = 2, F_PLUS = 4, F_SPACE = 8, F_ALT = 16 };

static void number(struct out *o, uintmax_t v, int neg, unsigned base, int upper, int flags,
		   int width, int prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[64];
	const char *prefix = "";
	int n = 0, zeros, plen;

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (prec < 0 && !n)
		tmp[n++] = '0';
	if (neg)
		prefix = "-";
	else if (flags & F_PLUS)
		prefix = "+";
	else if (flags & F_SPACE)
		prefix = " ";
	if ((flags & F_ALT) && base == 16 && n && !(n == 1 && tmp[0] == '0'))
		prefix = upper ? "0X" : "0x";
	if ((flags & F_ALT) && base == 8 && (!n || tmp[n - 1] != '0') && prec <= n)
		prec = n + 1;
	plen = (int)strlen(prefix);
	zeros = prec > n ? prec - n : 0;
	if ((flags & F_ZERO) && !(flags & F_LEFT) && prec < 0 && width > plen + n)
		zeros = width - plen - n;
	if (!(flags & F_LEFT))
		pad(o, ' ', width - plen - zeros - n);
	while (*prefix)
		put(o, *prefix++);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
{
	struct out o = {buf, size, 0};

	for (; *fmt; fmt++) {
		int flags = 0, width = 0, prec = -1, lng = 0, start;
		uintmax_t u;
		intmax_t s;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;; fmt++) {
			if (fmt[1] == '-')
				flags |= F_LEFT;
			else if (fmt[1] == '0')
				flags |= F_ZERO;
			else if (fmt[1] == '+')
				flags |= F_PLUS;
			else if (fmt[1] == ' ')
				flags |= F_SPACE;
			else if (fmt[1] == '#')
				flags |= F_ALT;
			else
				break;
		}
		fmt++;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		/* lng: -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size_t,
		 * 4 intmax_t, 5 ptrdiff_t. */
		if (*fmt == 'h') {
			lng = fmt[1] == 'h' ? -2 : -1;
			fmt += fmt[1] == 'h' ? 2 : 1;
		} else if (*fmt == 'l') {
			lng = fmt[1] == 'l' ? 2 : 1;
			fmt += fmt[1] == 'l' ? 2 : 1;
		} else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't') {
			lng = *fmt == 'z' ? 3 : *fmt == 'j' ? 4 : 5;
			fmt++;
		}
		start = (int)o.len;
		switch (*fmt) {
		case 'd':
		case 'i':
			switch (lng) {
			case -2:
				s = (signed char)va_arg(ap, int);
				break;
			case -1:
				s = (short)va_arg(ap, int);
				break;
			case 0:
				s = va_arg(ap, int);
				break;
			case 1:
				s = va_arg(ap, long);
				break;
			case 2:
				s = va_arg(ap, long long);
				break;
			case 3:
				s = (intmax_t)va_arg(ap, size_t);
				break;
			case 4:
				s = va_arg(ap, intmax_t);
				break;
			default:
				s = va_arg(ap, ptrdiff_t);
				break;
			}
			number(&o, s < 0 ? -(uintmax_t)s : (uintmax_t)s, s < 0, 10, 0, flags, width,
			       prec);
			break;
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			switch (lng) {
			case -2:
				u = (unsigned char)va_arg(ap, unsigned);
				break;
			case -1:
				u = (unsigned short)va_arg(ap, unsigned);
				break;
			case 0:
				u = va_arg(ap, unsigned);
				break;
			case 1:
				u = va_arg(ap, unsigned long);
				break;
			case 2:
				u = va_arg(ap, unsigned long long);
				break;
			case 3:
				u = va_arg(ap, size_t);
				break;
			case 4:
				u = va_arg(ap, uintmax_t);
				break;
			default:
				u = (uintmax_t)va_arg(ap, ptrdiff_t);
				break;
			}
			number(&o, u, 0,
			       *fmt == 'u'   ? 10
			       : *fmt == 'o' ? 8
					     : 16,
			       *fmt == 'X', flags & ~(F_PLUS | F_SPACE), width, prec);
			break;
		case 'p':
			number(&o, (uintptr_t)va_arg(ap, void *), 0, 16, 0,
			       F_ALT | (flags & F_LEFT), width, prec);
			break;
		case 'c':
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			put(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			size_t n;

			if (!str)
				str = "(null)";
			n = prec < 0 ? strlen(str) : strnlen(str, (size_t)prec);
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - (int)n);
			while (n--)
				put(&o, *str++);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:
			/* An unknown conversion is copied as it stands. */
			put(&o, '%');
			if (!*fmt)
				fmt--;
			else
				put(&o, *fmt);
			break;
		}
		if (flags & F_LEFT)
			pad(&o, ' ', width - ((int)o.len - start));
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return o.len > INT32_MAX ? -1 : (int)o.len;
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

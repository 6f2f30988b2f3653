/* printf-style formatting; see fmt.h for the contract. */
#include <fmt.h>
#include <stdint.h>
#include <stdbool.h>

enum {
	F_LEFT = 1 << 0,  /* '-' */
	F_ZERO = 1 << 1,  /* '0' */
	F_PLUS = 1 << 2,  /* '+' */
	F_SPACE = 1 << 3, /* ' ' */
	F_ALT = 1 << 4,   /* '#' */
};

struct spec {
	unsigned flags;
	int width;     /* -1 when absent */
	int precision; /* -1 when absent */
};

struct out {
	fmt_sink sink;
	void *ctx;
	int count;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (n == 0)
		return;
	o->sink(o->ctx, s, n);
	o->count += (int)n;
}

static void emit_repeat(struct out *o, char c, int n)
{
	char chunk[16];
	for (int i = 0; i < (int)sizeof chunk; i++)
		chunk[i] = c;
	while (n > 0) {
		int k = n < (int)sizeof chunk ? n : (int)sizeof chunk;
		emit(o, chunk, (size_t)k);
		n -= k;
	}
}

static size_t bounded_strlen(const char *s, int max)
{
	size_t n = 0;
	while ((max < 0 || n < (size_t)max) && s[n])
		n++;
	return n;
}

static void emit_string(struct out *o, const struct spec *sp, const char *s)
{
	if (!s)
		s = "(null)";
	size_t len = bounded_strlen(s, sp->precision);
	int pad = sp->width > (int)len ? sp->width - (int)len : 0;
	if (!(sp->flags & F_LEFT))
		emit_repeat(o, ' ', pad);
	emit(o, s, len);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', pad);
}

/*
 * Formats one integer: sign or prefix, zero padding from the precision (or from the '0' flag when
 * no precision is given, as C requires), then the digits, padded to the width.
 */
static void emit_integer(struct out *o, const struct spec *sp, uintmax_t mag, bool negative,
			 unsigned base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[sizeof(uintmax_t) * 8];
	int n = 0;
	while (mag) {
		buf[n++] = digits[mag % base];
		mag /= base;
	}
	/* C: precision 0 with value 0 prints no digits; otherwise at least one digit. */
	int ndigits = n;
	int zeros = 0;
	if (sp->precision >= 0) {
		if (sp->precision > ndigits)
			zeros = sp->precision - ndigits;
	} else if (ndigits == 0) {
		zeros = 1;
	}
	/* '#' with octal forces a leading zero only when there is none already. */
	if (prefix && prefix[0] == '0' && prefix[1] == '\0') {
		if (zeros > 0 || (n > 0 && buf[n - 1] == '0'))
			prefix = NULL;
		else if (zeros == 0 && n == 0)
			prefix = NULL, zeros = 1;
	}

	char sign = 0;
	if (negative)
		sign = '-';
	else if (sp->flags & F_PLUS)
		sign = '+';
	else if (sp->flags & F_SPACE)
		sign = ' ';

	size_t plen = prefix ? bounded_strlen(prefix, -1) : 0;
	int body = (sign ? 1 : 0) + (int)plen + zeros + ndigits;
	int pad = sp->width > body ? sp->width - body : 0;

	if ((sp->flags & F_ZERO) && !(sp->flags & F_LEFT) && sp->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(sp->flags & F_LEFT))
		emit_repeat(o, ' ', pad);
	if (sign)
		emit(o, &sign, 1);
	if (plen)
		emit(o, prefix, plen);
	emit_repeat(o, '0', zeros);
	for (int i = n - 1; i >= 0; i--)
		emit(o, &buf[i], 1);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', pad);
}

enum length { L_INT, L_CHAR, L_SHORT, L_LONG, L_LLONG, L_SIZE, L_MAX, L_PTRDIFF };

static intmax_t signed_arg(va_list *ap, enum length len)
{
	switch (len) {
	case L_CHAR: return (signed char)va_arg(*ap, int);
	case L_SHORT: return (short)va_arg(*ap, int);
	case L_LONG: return va_arg(*ap, long);
	case L_LLONG: return va_arg(*ap, long long);
	case L_SIZE: return (ptrdiff_t)va_arg(*ap, size_t); /* the signed type of size_t's width */
	case L_MAX: return va_arg(*ap, intmax_t);
	case L_PTRDIFF: return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

static uintmax_t unsigned_arg(va_list *ap, enum length len)
{
	switch (len) {
	case L_CHAR: return (unsigned char)va_arg(*ap, unsigned);
	case L_SHORT: return (unsigned short)va_arg(*ap, unsigned);
	case L_LONG: return va_arg(*ap, unsigned long);
	case L_LLONG: return va_arg(*ap, unsigned long long);
	case L_SIZE: return va_arg(*ap, size_t);
	case L_MAX: return va_arg(*ap, uintmax_t);
	case L_PTRDIFF: return (size_t)va_arg(*ap, ptrdiff_t); /* the unsigned type of its width */
	default: return va_arg(*ap, unsigned);
	}
}

static int parse_number(const char **pp)
{
	int v = 0;
	while (**pp >= '0' && **pp <= '9') {
		if (v < 100000) /* widths beyond this are nonsense; cap instead of overflowing */
			v = v * 10 + (**pp - '0');
		(*pp)++;
	}
	return v;
}

int fmt_vprint(fmt_sink sink, void *ctx, const char *fmt, va_list ap_in)
{
	struct out o = { sink, ctx, 0 };
	va_list ap;
	va_copy(ap, ap_in);

	while (*fmt) {
		const char *run = fmt;
		while (*fmt && *fmt != '%')
			fmt++;
		emit(&o, run, (size_t)(fmt - run));
		if (!*fmt)
			break;

		const char *start = fmt++; /* at '%' */
		struct spec sp = { 0, -1, -1 };
		for (;; fmt++) {
			if (*fmt == '-') sp.flags |= F_LEFT;
			else if (*fmt == '0') sp.flags |= F_ZERO;
			else if (*fmt == '+') sp.flags |= F_PLUS;
			else if (*fmt == ' ') sp.flags |= F_SPACE;
			else if (*fmt == '#') sp.flags |= F_ALT;
			else break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.flags |= F_LEFT;
				sp.width = sp.width == INT32_MIN ? 0 : -sp.width;
			}
			fmt++;
		} else {
			sp.width = parse_number(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.precision = va_arg(ap, int);
				if (sp.precision < 0)
					sp.precision = -1;
				fmt++;
			} else {
				sp.precision = parse_number(&fmt);
			}
		}
		enum length len = L_INT;
		if (*fmt == 'h') {
			fmt++;
			len = L_SHORT;
			if (*fmt == 'h') fmt++, len = L_CHAR;
		} else if (*fmt == 'l') {
			fmt++;
			len = L_LONG;
			if (*fmt == 'l') fmt++, len = L_LLONG;
		} else if (*fmt == 'z') {
			fmt++, len = L_SIZE;
		} else if (*fmt == 'j') {
			fmt++, len = L_MAX;
		} else if (*fmt == 't') {
			fmt++, len = L_PTRDIFF;
		}

		char conv = *fmt;
		if (conv)
			fmt++;
		switch (conv) {
		case '%':
			emit(&o, "%", 1);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			int pad = sp.width > 1 ? sp.width - 1 : 0;
			if (!(sp.flags & F_LEFT)) emit_repeat(&o, ' ', pad);
			emit(&o, &c, 1);
			if (sp.flags & F_LEFT) emit_repeat(&o, ' ', pad);
			break;
		}
		case 's':
			emit_string(&o, &sp, va_arg(ap, const char *));
			break;
		case 'd':
		case 'i': {
			intmax_t v = signed_arg(&ap, len);
			uintmax_t mag = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
			emit_integer(&o, &sp, mag, v < 0, 10, false, NULL);
			break;
		}
		case 'u':
			/* '+' and ' ' apply to signed conversions only (C17 7.21.6.1). */
			sp.flags &= ~(unsigned)(F_PLUS | F_SPACE);
			emit_integer(&o, &sp, unsigned_arg(&ap, len), false, 10, false, NULL);
			break;
		case 'x':
		case 'X': {
			uintmax_t v = unsigned_arg(&ap, len);
			const char *prefix = (sp.flags & F_ALT) && v ? (conv == 'x' ? "0x" : "0X") : NULL;
			sp.flags &= ~(unsigned)(F_PLUS | F_SPACE);
			emit_integer(&o, &sp, v, false, 16, conv == 'X', prefix);
			break;
		}
		case 'o': {
			sp.flags &= ~(unsigned)(F_PLUS | F_SPACE);
			emit_integer(&o, &sp, unsigned_arg(&ap, len), false, 8, false,
				     (sp.flags & F_ALT) ? "0" : NULL);
			break;
		}
		case 'p': {
			uintptr_t v = (uintptr_t)va_arg(ap, void *);
			sp.flags &= ~(unsigned)(F_PLUS | F_SPACE);
			emit_integer(&o, &sp, v, false, 16, false, "0x");
			break;
		}
		default:
			/* Unknown or truncated conversion: show it as written. */
			emit(&o, start, (size_t)(fmt - start));
			break;
		}
	}
	va_end(ap);
	return o.count;
}

int fmt_print(fmt_sink sink, void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vprint(sink, ctx, fmt, ap);
	va_end(ap);
	return n;
}

struct buf_sink {
	char *buf;
	size_t size; /* capacity including the NUL */
	size_t used; /* characters stored so far */
};

static void buf_put(void *ctx, const char *s, size_t n)
{
	struct buf_sink *b = ctx;
	if (b->size == 0)
		return;
	size_t room = b->size - 1 - b->used;
	size_t k = n < room ? n : room;
	for (size_t i = 0; i < k; i++)
		b->buf[b->used + i] = s[i];
	b->used += k;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = { buf, size, 0 };
	int n = fmt_vprint(buf_put, &b, fmt, ap);
	if (size)
		buf[b.used] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* The kernel's printf engine: vcbprintf() parses each conversion into a
 * struct fmt_spec and renders it through a per-character callback, so
 * printk, the shell and snprintf() share one implementation. */
#include <keel/printf.h>
#include <keel/string.h>
#include <limits.h>

/* %zd is read as ptrdiff_t and %tu as size_t: they must have one width. */
BUILD_BUG_ON(sizeof(size_t) != sizeof(ptrdiff_t));

enum fmt_flag {
	F_LEFT	= 1 << 0,	/* '-': pad on the right */
	F_ZERO	= 1 << 1,	/* '0': pad numbers with zeros */
	F_PLUS	= 1 << 2,	/* '+': sign on positive numbers */
	F_SPACE	= 1 << 3,	/* ' ': space before positive numbers */
	F_ALT	= 1 << 4,	/* '#': 0x / leading 0 */
};

enum fmt_len { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE,
	       LEN_PTRDIFF, LEN_MAX };

/* One parsed conversion: %[flags][width][.prec][length]conv */
struct fmt_spec {
	unsigned int flags;
	int width;		/* 0 when absent */
	int prec;		/* -1 when absent */
	enum fmt_len len;
	char conv;
};

struct fmt_out {
	void (*out)(char c, void *ctx);
	void *ctx;
	int count;
};

/* A va_list in a struct can be passed by pointer on every ABI. */
struct fmt_args {
	va_list ap;
};

static void emit(struct fmt_out *o, char c)
{
	o->out(c, o->ctx);
	o->count++;
}

static void emit_repeat(struct fmt_out *o, char c, int n)
{
	for (; n > 0; n--)
		emit(o, c);
}

/* Decimal field, saturating at INT_MAX; an absent number reads as 0. */
static int parse_decimal(const char **f)
{
	int v = 0;

	for (; **f >= '0' && **f <= '9'; (*f)++) {
		int d = **f - '0';

		v = v > (INT_MAX - d) / 10 ? INT_MAX : v * 10 + d;
	}
	return v;
}

static const char *parse_flags(const char *f, struct fmt_spec *sp)
{
	for (;; f++) {
		switch (*f) {
		case '-':
			sp->flags |= F_LEFT;
			break;
		case '0':
			sp->flags |= F_ZERO;
			break;
		case '+':
			sp->flags |= F_PLUS;
			break;
		case ' ':
			sp->flags |= F_SPACE;
			break;
		case '#':
			sp->flags |= F_ALT;
			break;
		default:
			return f;
		}
	}
}

/* A negative '*' width means '-' and its absolute value, as in C. */
static const char *parse_width(const char *f, struct fmt_spec *sp,
			       struct fmt_args *a)
{
	int w;

	if (*f != '*') {
		sp->width = parse_decimal(&f);
		return f;
	}
	w = va_arg(a->ap, int);
	if (w < 0) {
		sp->flags |= F_LEFT;
		w = w == INT_MIN ? INT_MAX : -w;
	}
	sp->width = w;
	return f + 1;
}

/* A negative '*' precision counts as absent; a lone '.' means 0. */
static const char *parse_precision(const char *f, struct fmt_spec *sp,
				   struct fmt_args *a)
{
	int p;

	sp->prec = -1;
	if (*f != '.')
		return f;
	f++;
	if (*f != '*') {
		sp->prec = parse_decimal(&f);
		return f;
	}
	p = va_arg(a->ap, int);
	sp->prec = p < 0 ? -1 : p;
	return f + 1;
}

static const char *parse_length(const char *f, struct fmt_spec *sp)
{
	switch (*f) {
	case 'h':
		sp->len = f[1] == 'h' ? LEN_CHAR : LEN_SHORT;
		return f[1] == 'h' ? f + 2 : f + 1;
	case 'l':
		sp->len = f[1] == 'l' ? LEN_LLONG : LEN_LONG;
		return f[1] == 'l' ? f + 2 : f + 1;
	case 'z':
		sp->len = LEN_SIZE;
		return f + 1;
	case 't':
		sp->len = LEN_PTRDIFF;
		return f + 1;
	case 'j':
		sp->len = LEN_MAX;
		return f + 1;
	default:
		sp->len = LEN_INT;
		return f;
	}
}

/* Arguments narrower than int arrive promoted; hh/h narrow them back. */
static intmax_t fetch_signed(struct fmt_args *a, enum fmt_len len)
{
	switch (len) {
	case LEN_CHAR:
		return (signed char)va_arg(a->ap, int);
	case LEN_SHORT:
		return (short)va_arg(a->ap, int);
	case LEN_LONG:
		return va_arg(a->ap, long);
	case LEN_LLONG:
		return va_arg(a->ap, long long);
	case LEN_SIZE:
	case LEN_PTRDIFF:
		return va_arg(a->ap, ptrdiff_t);
	case LEN_MAX:
		return va_arg(a->ap, intmax_t);
	default:
		return va_arg(a->ap, int);
	}
}

static uintmax_t fetch_unsigned(struct fmt_args *a, enum fmt_len len)
{
	switch (len) {
	case LEN_CHAR:
		return (unsigned char)va_arg(a->ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(a->ap, unsigned int);
	case LEN_LONG:
		return va_arg(a->ap, unsigned long);
	case LEN_LLONG:
		return va_arg(a->ap, unsigned long long);
	case LEN_SIZE:
	case LEN_PTRDIFF:
		return va_arg(a->ap, size_t);
	case LEN_MAX:
		return va_arg(a->ap, uintmax_t);
	default:
		return va_arg(a->ap, unsigned int);
	}
}

/* Digits of v, least significant first. Returns their count. */
static int int_digits(char *buf, uintmax_t v, unsigned int base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		buf[n++] = set[v % base];
		v /= base;
	} while (v);
	return n;
}

/* What goes before the zeros: a sign for %d/%i, 0x/0X for %#x and %p. */
static const char *int_prefix(const struct fmt_spec *sp, uintmax_t v, bool neg)
{
	switch (sp->conv) {
	case 'd':
	case 'i':
		if (neg)
			return "-";
		if (sp->flags & F_PLUS)
			return "+";
		return sp->flags & F_SPACE ? " " : "";
	case 'x':
		return (sp->flags & F_ALT) && v ? "0x" : "";
	case 'X':
		return (sp->flags & F_ALT) && v ? "0X" : "";
	case 'p':
		return "0x";
	default:
		return "";
	}
}

/* Render magnitude v of an integer conversion: [pad][prefix][zeros]digits[pad] */
static void format_int(struct fmt_out *o, const struct fmt_spec *sp,
		       uintmax_t v, bool neg)
{
	char digits[sizeof(uintmax_t) * CHAR_BIT / 3 + 1];
	unsigned int base = sp->conv == 'o' ? 8 : 10;
	const char *prefix = int_prefix(sp, v, neg);
	int n = 0, zeros, total;

	if (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p')
		base = 16;
	if (v || sp->prec != 0)	/* C: zero with precision 0 has no digits */
		n = int_digits(digits, v, base, sp->conv == 'X');
	zeros = sp->prec > n ? sp->prec - n : 0;
	if (sp->conv == 'o' && (sp->flags & F_ALT) && !zeros &&
	    (n == 0 || digits[n - 1] != '0'))
		zeros = 1;	/* %#o: the first digit is always 0 */
	total = (int)strlen(prefix) + zeros + n;
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0 &&
	    sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!(sp->flags & F_LEFT))
		emit_repeat(o, ' ', sp->width - total);
	while (*prefix)
		emit(o, *prefix++);
	emit_repeat(o, '0', zeros);
	while (n > 0)
		emit(o, digits[--n]);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', sp->width - total);
}

/* Text of len bytes, padded with spaces to the field width. */
static void format_text(struct fmt_out *o, const struct fmt_spec *sp,
			const char *s, size_t len)
{
	int pad = len < (size_t)sp->width ? sp->width - (int)len : 0;

	if (!(sp->flags & F_LEFT))
		emit_repeat(o, ' ', pad);
	for (size_t i = 0; i < len; i++)
		emit(o, s[i]);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', pad);
}

static void format_string(struct fmt_out *o, const struct fmt_spec *sp,
			  const char *s)
{
	size_t max = sp->prec < 0 ? SIZE_MAX : (size_t)sp->prec;

	if (!s)
		s = "(null)";
	format_text(o, sp, s, strnlen(s, max));	/* never reads past prec */
}

/* Render one conversion. Returns false for an unknown conversion letter. */
static bool convert(struct fmt_out *o, const struct fmt_spec *sp,
		    struct fmt_args *a)
{
	intmax_t sv;
	char c;

	switch (sp->conv) {
	case 'd':
	case 'i':
		sv = fetch_signed(a, sp->len);
		format_int(o, sp, sv < 0 ? 0 - (uintmax_t)sv : (uintmax_t)sv,
			   sv < 0);
		return true;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		format_int(o, sp, fetch_unsigned(a, sp->len), false);
		return true;
	case 'p':
		format_int(o, sp, (uintptr_t)va_arg(a->ap, void *), false);
		return true;
	case 'c':
		c = (char)va_arg(a->ap, int);
		format_text(o, sp, &c, 1);
		return true;
	case 's':
		format_string(o, sp, va_arg(a->ap, const char *));
		return true;
	case '%':
		emit(o, '%');
		return true;
	default:
		return false;
	}
}

/* Handle the directive whose '%' is at pct; returns where the text resumes. */
static const char *format_directive(struct fmt_out *o, const char *pct,
				    struct fmt_args *a)
{
	struct fmt_spec sp = { 0 };
	const char *f = pct + 1;

	f = parse_flags(f, &sp);
	f = parse_width(f, &sp, a);
	f = parse_precision(f, &sp, a);
	f = parse_length(f, &sp);
	sp.conv = *f;
	if (convert(o, &sp, a))
		return f + 1;
	/* Unknown or missing conversion: copy the directive as written. */
	while (pct < f)
		emit(o, *pct++);
	if (*f)
		emit(o, *f++);
	return f;
}

int vcbprintf(void (*out)(char c, void *ctx), void *ctx, const char *fmt,
	      va_list ap)
{
	struct fmt_out o = { .out = out, .ctx = ctx, .count = 0 };
	struct fmt_args a;

	va_copy(a.ap, ap);
	while (*fmt) {
		if (*fmt == '%')
			fmt = format_directive(&o, fmt, &a);
		else
			emit(&o, *fmt++);
	}
	va_end(a.ap);
	return o.count;
}

/* vsnprintf() sink: stores while there is room, keeping one byte for NUL. */
struct snbuf {
	char *buf;
	size_t size;
	size_t pos;
};

static void snbuf_out(char c, void *ctx)
{
	struct snbuf *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct snbuf b = { .buf = buf, .size = size, .pos = 0 };
	int n = vcbprintf(snbuf_out, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Device tree blob writer for tests; see fdt_build.h. */
#include "fdt_build.h"

#include <fdt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void grow(void *pp, size_t *cap, size_t need)
{
	void **p = pp;
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 256;
	while (c < need)
		c *= 2;
	void *n = realloc(*p, c);
	if (!n)
		abort();
	*p = n;
	*cap = c;
}

void fdtb_put32(uint8_t *blob, size_t off, uint32_t v)
{
	blob[off] = (uint8_t)(v >> 24);
	blob[off + 1] = (uint8_t)(v >> 16);
	blob[off + 2] = (uint8_t)(v >> 8);
	blob[off + 3] = (uint8_t)v;
}

uint32_t fdtb_get32(const uint8_t *blob, size_t off)
{
	return (uint32_t)blob[off] << 24 | (uint32_t)blob[off + 1] << 16 |
	       (uint32_t)blob[off + 2] << 8 | blob[off + 3];
}

void fdtb_init(struct fdt_build *b)
{
	memset(b, 0, sizeof *b);
}

void fdtb_free(struct fdt_build *b)
{
	free(b->st);
	free(b->strs);
	memset(b, 0, sizeof *b);
}

void fdtb_rsv(struct fdt_build *b, uint64_t base, uint64_t size)
{
	if (b->n_rsv < sizeof b->rsv / sizeof b->rsv[0]) {
		b->rsv[b->n_rsv][0] = base;
		b->rsv[b->n_rsv][1] = size;
		b->n_rsv++;
	}
}

void fdtb_raw(struct fdt_build *b, const void *p, size_t n)
{
	grow(&b->st, &b->st_cap, b->st_len + n + 4);
	if (n)
		memcpy(b->st + b->st_len, p, n);
	b->st_len += n;
}

void fdtb_raw32(struct fdt_build *b, uint32_t v)
{
	uint8_t w[4];
	fdtb_put32(w, 0, v);
	fdtb_raw(b, w, 4);
}

static void pad4(struct fdt_build *b)
{
	static const uint8_t zero[4];
	fdtb_raw(b, zero, (4 - b->st_len % 4) % 4);
}

uint32_t fdtb_string(struct fdt_build *b, const char *name)
{
	size_t n = strlen(name) + 1;
	/* Reuse an existing identical string, as dtc does. */
	for (size_t off = 0; off < b->strs_len; off += strlen(b->strs + off) + 1)
		if (strcmp(b->strs + off, name) == 0)
			return (uint32_t)off;
	grow(&b->strs, &b->strs_cap, b->strs_len + n);
	memcpy(b->strs + b->strs_len, name, n);
	b->strs_len += n;
	return (uint32_t)(b->strs_len - n);
}

void fdtb_begin(struct fdt_build *b, const char *name)
{
	fdtb_raw32(b, 1);
	fdtb_raw(b, name, strlen(name) + 1);
	pad4(b);
}

void fdtb_end(struct fdt_build *b)
{
	fdtb_raw32(b, 2);
}

void fdtb_prop(struct fdt_build *b, const char *name, const void *val, uint32_t len)
{
	uint32_t nameoff = fdtb_string(b, name);
	fdtb_raw32(b, 3);
	fdtb_raw32(b, len);
	fdtb_raw32(b, nameoff);
	fdtb_raw(b, val, len);
	pad4(b);
}

void fdtb_prop_str(struct fdt_build *b, const char *name, const char *s)
{
	fdtb_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

void fdtb_prop_u32(struct fdt_build *b, const char *name, uint32_t v)
{
	fdtb_prop_cells(b, name, 1, v);
}

void fdtb_prop_cells(struct fdt_build *b, const char *name, unsigned n, ...)
{
	uint8_t buf[64];
	va_list ap;
	va_start(ap, n);
	for (unsigned i = 0; i < n && i < 16; i++)
		fdtb_put32(buf, 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	fdtb_prop(b, name, buf, 4 * (n < 16 ? n : 16));
}

uint8_t *fdtb_finish(struct fdt_build *b, size_t *len)
{
	if (!b->no_end)
		fdtb_raw32(b, 9);
	size_t off_rsv = 40;
	size_t off_struct = off_rsv + 16 * (b->n_rsv + 1);
	size_t off_strings = off_struct + b->st_len;
	size_t total = off_strings + b->strs_len;
	uint8_t *blob = calloc(1, total);
	if (!blob)
		abort();
	fdtb_put32(blob, FDTB_MAGIC, 0xd00dfeed);
	fdtb_put32(blob, FDTB_TOTALSIZE, (uint32_t)total);
	fdtb_put32(blob, FDTB_OFF_STRUCT, (uint32_t)off_struct);
	fdtb_put32(blob, FDTB_OFF_STRINGS, (uint32_t)off_strings);
	fdtb_put32(blob, FDTB_OFF_RSVMAP, (uint32_t)off_rsv);
	fdtb_put32(blob, FDTB_VERSION, 17);
	fdtb_put32(blob, FDTB_LAST_COMP, 16);
	fdtb_put32(blob, FDTB_SIZE_STRINGS, (uint32_t)b->strs_len);
	fdtb_put32(blob, FDTB_SIZE_STRUCT, (uint32_t)b->st_len);
	for (unsigned i = 0; i < b->n_rsv; i++) {
		size_t o = off_rsv + 16 * i;
		fdtb_put32(blob, o, (uint32_t)(b->rsv[i][0] >> 32));
		fdtb_put32(blob, o + 4, (uint32_t)b->rsv[i][0]);
		fdtb_put32(blob, o + 8, (uint32_t)(b->rsv[i][1] >> 32));
		fdtb_put32(blob, o + 12, (uint32_t)b->rsv[i][1]);
	}
	if (b->st_len)
		memcpy(blob + off_struct, b->st, b->st_len);
	if (b->strs_len)
		memcpy(blob + off_strings, b->strs, b->strs_len);
	*len = total;
	return blob;
}

uint8_t *fdtb_sample(size_t *len)
{
	struct fdt_build b;
	fdtb_init(&b);
	fdtb_rsv(&b, 0x48000000, 0x10000);
	fdtb_begin(&b, "");
	fdtb_prop_u32(&b, "#address-cells", 2);
	fdtb_prop_u32(&b, "#size-cells", 2);
	fdtb_prop_str(&b, "compatible", "linux,dummy-virt");
	fdtb_begin(&b, "memory@40000000");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_cells(&b, "reg", 4, 0, 0x40000000, 0, 0x10000000);
	fdtb_end(&b);
	fdtb_begin(&b, "memory@80000000");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_cells(&b, "reg", 8, 0, 0x80000000, 0, 0x08000000, 1, 0, 0, 0x1000000);
	fdtb_end(&b);
	fdtb_begin(&b, "reserved-memory");
	fdtb_prop_u32(&b, "#address-cells", 2);
	fdtb_prop_u32(&b, "#size-cells", 1);
	fdtb_prop(&b, "ranges", NULL, 0);
	fdtb_begin(&b, "mmode_resv0@80000000");
	fdtb_prop_cells(&b, "reg", 3, 0, 0x80000000, 0x40000);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_begin(&b, "chosen");
	fdtb_prop_str(&b, "bootargs", "console=ttyS0 poweroff");
	fdtb_prop_u32(&b, "linux,initrd-start", 0x44000000);
	fdtb_prop_cells(&b, "linux,initrd-end", 2, 0, 0x44100000);
	fdtb_end(&b);
	fdtb_begin(&b, "pl011@9000000");
	fdtb_prop(&b, "compatible", "arm,pl011\0arm,primecell", 24);
	fdtb_prop_cells(&b, "reg", 4, 0, 0x09000000, 0, 0x1000);
	fdtb_end(&b);
	fdtb_end(&b);
	uint8_t *blob = fdtb_finish(&b, len);
	fdtb_free(&b);
	return blob;
}

unsigned fdtb_exercise(const struct fdt *f)
{
	static const char *const props[] = { "reg", "compatible", "device_type", "bootargs",
					     "#address-cells", "#size-cells", "status", "" };
	static const char *const paths[] = { "/", "/chosen", "/memory", "/reserved-memory",
					     "/a/b/c", "//chosen//", "chosen", "/memory@0" };
	unsigned nodes = 0;
	volatile uint64_t sink = 0; /* keeps the reads from being optimised away */
	int depth = 0;
	for (int n = fdt_root(f); n >= 0; n = fdt_next_node(f, n, &depth)) {
		nodes++;
		const char *name = fdt_node_name(f, n);
		sink += strlen(name);
		for (size_t i = 0; i < sizeof props / sizeof *props; i++) {
			uint32_t len = 0;
			const uint8_t *p = fdt_prop(f, n, props[i], &len);
			for (uint32_t k = 0; p && k < len; k++)
				sink += p[k];
			const char *s = fdt_prop_string(f, n, props[i]);
			if (s)
				sink += strlen(s);
			sink += fdt_prop_u32(f, n, props[i], 0);
		}
		sink += fdt_is_compatible(f, n, "arm,pl011");
		for (uint32_t ac = 0; ac <= 3; ac++)
			for (uint32_t sc = 0; sc <= 3; sc++) {
				uint32_t idx = 0;
				uint64_t base, size;
				bool bad;
				while (fdt_reg(f, n, ac, sc, &idx, &base, &size, &bad))
					sink += base + size;
			}
		int c = fdt_first_child(f, n);
		if (c >= 0) {
			sink += (uint64_t)fdt_next_sibling(f, c);
			sink += (uint64_t)fdt_subnode(f, n, fdt_node_name(f, c));
		}
		sink += (uint64_t)fdt_subnode(f, n, "memory");
		if (nodes > 10000)
			break; /* a bug making the walk cycle must not hang the test */
	}
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
		sink += (uint64_t)fdt_path(f, paths[i]);
	uint64_t base, size;
	for (uint32_t i = 0; fdt_rsv(f, i, &base, &size); i++)
		sink += base + size;
	(void)sink;
	return nodes;
}

/* Strict flattened device tree reader; see fdt.h. */
#include <fdt.h>
#include <mem.h>

enum {
	TOK_BEGIN_NODE = 1,
	TOK_END_NODE = 2,
	TOK_PROP = 3,
	TOK_NOP = 4,
	TOK_END = 9,
};

/* Deepest nesting accepted; real trees are well under ten levels. */
#define FDT_MAX_DEPTH 64
/* Bound on reservation entries, so a missing terminator cannot make us scan forever. */
#define FDT_MAX_RSV 1024

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

uint64_t fdt_cells(const void *p, uint32_t ncells)
{
	const uint8_t *b = p;
	uint64_t v = 0;
	for (uint32_t i = 0; i < ncells && i < 2; i++)
		v = v << 32 | be32(b + 4 * i);
	return v;
}

static uint32_t align4(uint32_t v)
{
	return (v + 3u) & ~3u;
}

/* Offset relative to the structure block; all token reads go through here. */
static uint32_t tok_at(const struct fdt *f, uint32_t off)
{
	return be32(f->blob + f->off_struct + off);
}

/* Bytes from off to the end of the structure block. */
static uint32_t struct_left(const struct fdt *f, uint32_t off)
{
	return off <= f->size_struct ? f->size_struct - off : 0;
}

/*
 * Length of the NUL-terminated string at struct offset off, or -1 when no NUL occurs before the
 * end of the structure block.
 */
static int32_t name_len(const struct fdt *f, uint32_t off)
{
	const uint8_t *s = f->blob + f->off_struct + off;
	uint32_t left = struct_left(f, off);
	for (uint32_t i = 0; i < left; i++)
		if (s[i] == 0)
			return (int32_t)i;
	return -1;
}

/*
 * Steps over the token at *off. Returns the token, or -1 when it is malformed. Only valid on
 * offsets produced by earlier steps starting from 0, which fdt_open checked exhaustively.
 */
static int step(const struct fdt *f, uint32_t *off)
{
	if (struct_left(f, *off) < 4)
		return -1;
	uint32_t tok = tok_at(f, *off);
	uint32_t next = *off + 4;
	switch (tok) {
	case TOK_BEGIN_NODE: {
		int32_t n = name_len(f, next);
		if (n < 0)
			return -1;
		next = align4(next + (uint32_t)n + 1);
		break;
	}
	case TOK_PROP: {
		if (struct_left(f, next) < 8)
			return -1;
		uint32_t len = tok_at(f, next);
		uint32_t nameoff = tok_at(f, next + 4);
		if (nameoff >= f->size_strings)
			return -1;
		next += 8;
		if (len > struct_left(f, next))
			return -1;
		next = align4(next + len);
		break;
	}
	case TOK_END_NODE:
	case TOK_NOP:
	case TOK_END:
		break;
	default:
		return -1;
	}
	if (next > f->size_struct)
		return -1;
	*off = next;
	return (int)tok;
}

uint32_t fdt_peek_size(const void *blob, size_t avail)
{
	if (!blob || avail < FDT_HEADER_SIZE || be32(blob) != FDT_MAGIC)
		return 0;
	return be32((const uint8_t *)blob + 4);
}

const char *fdt_open(struct fdt *f, const void *blob, size_t avail)
{
	const uint8_t *b = blob;
	memset(f, 0, sizeof *f);
	if (!blob || avail < FDT_HEADER_SIZE)
		return "device tree header truncated";
	if (be32(b) != FDT_MAGIC)
		return "bad device tree magic";
	uint32_t total = be32(b + 4);
	uint32_t version = be32(b + 20), last_comp = be32(b + 24);
	if (total < FDT_HEADER_SIZE || total > avail)
		return "device tree totalsize larger than the blob";
	if (version < 16 || last_comp > 17)
		return "unsupported device tree version";
	f->blob = b;
	f->size = total;
	f->off_struct = be32(b + 8);
	f->off_strings = be32(b + 12);
	f->off_rsvmap = be32(b + 16);
	f->size_strings = be32(b + 32);
	f->size_struct = be32(b + 36);

	if (f->off_struct > total || f->size_struct > total - f->off_struct || (f->off_struct & 3) ||
	    (f->size_struct & 3))
		return "device tree structure block outside the blob";
	if (f->off_strings > total || f->size_strings > total - f->off_strings)
		return "device tree strings block outside the blob";
	if (f->off_rsvmap > total || (f->off_rsvmap & 7))
		return "device tree reservation map outside the blob";

	/* Reservation map: 16-byte (address, size) pairs ending with a zero pair. */
	uint32_t r = f->off_rsvmap;
	for (;;) {
		if (total - r < 16)
			return "device tree reservation map has no terminator";
		if (be64(b + r) == 0 && be64(b + r + 8) == 0)
			break;
		if (++f->n_rsv > FDT_MAX_RSV)
			return "device tree reservation map too long";
		r += 16;
	}

	/* Structure block: exactly one root node, balanced, then FDT_END. */
	uint32_t off = 0;
	int depth = 0, roots = 0;
	for (;;) {
		uint32_t at = off;
		int tok = step(f, &off);
		if (tok < 0)
			return "malformed device tree structure block";
		if (tok == TOK_BEGIN_NODE) {
			if (depth == 0 && roots++)
				return "device tree has more than one root node";
			if (++depth > FDT_MAX_DEPTH)
				return "device tree nested too deeply";
		} else if (tok == TOK_END_NODE) {
			if (depth-- == 0)
				return "unbalanced device tree node end";
		} else if (tok == TOK_PROP) {
			if (depth == 0)
				return "device tree property outside any node";
			/* Property names must be NUL-terminated inside the strings block. */
			uint32_t nameoff = tok_at(f, at + 8);
			const uint8_t *s = b + f->off_strings + nameoff;
			uint32_t left = f->size_strings - nameoff, i = 0;
			while (i < left && s[i])
				i++;
			if (i == left)
				return "device tree property name not terminated";
		} else if (tok == TOK_END) {
			break;
		}
	}
	if (depth != 0 || roots != 1)
		return "device tree structure block ends inside a node";
	return NULL;
}

int fdt_root(const struct fdt *f)
{
	uint32_t off = 0;
	for (;;) {
		uint32_t at = off;
		int tok = step(f, &off);
		if (tok == TOK_BEGIN_NODE)
			return (int)at;
		if (tok != TOK_NOP)
			return -1;
	}
}

int fdt_next_node(const struct fdt *f, int node, int *depth)
{
	if (node < 0)
		return -1;
	uint32_t off = (uint32_t)node;
	int d = 0;
	if (step(f, &off) != TOK_BEGIN_NODE)
		return -1;
	for (;;) {
		uint32_t at = off;
		int tok = step(f, &off);
		switch (tok) {
		case TOK_BEGIN_NODE:
			if (depth)
				*depth += d + 1;
			return (int)at;
		case TOK_END_NODE:
			d--;
			break;
		case TOK_PROP:
		case TOK_NOP:
			break;
		default:
			return -1;
		}
	}
}

int fdt_first_child(const struct fdt *f, int parent)
{
	int depth = 0;
	int n = fdt_next_node(f, parent, &depth);
	return n >= 0 && depth == 1 ? n : -1;
}

int fdt_next_sibling(const struct fdt *f, int node)
{
	int depth = 0;
	int n = node;
	for (;;) {
		n = fdt_next_node(f, n, &depth);
		if (n < 0 || depth < 0)
			return -1;
		if (depth == 0)
			return n;
	}
}

const char *fdt_node_name(const struct fdt *f, int node)
{
	if (node < 0 || (uint32_t)node + 4 > f->size_struct)
		return "";
	return (const char *)f->blob + f->off_struct + (uint32_t)node + 4;
}

static bool name_matches(const char *node_name, const char *name, size_t len)
{
	if (strncmp(node_name, name, len) != 0)
		return false;
	/* "memory" matches "memory@40000000"; "memory@40000000" must match exactly. */
	return node_name[len] == '\0' || (node_name[len] == '@' && !memchr(name, '@', len));
}

static int subnode_n(const struct fdt *f, int parent, const char *name, size_t len)
{
	for (int c = fdt_first_child(f, parent); c >= 0; c = fdt_next_sibling(f, c))
		if (name_matches(fdt_node_name(f, c), name, len))
			return c;
	return -1;
}

int fdt_subnode(const struct fdt *f, int parent, const char *name)
{
	return subnode_n(f, parent, name, strlen(name));
}

int fdt_path(const struct fdt *f, const char *path)
{
	if (path[0] != '/')
		return -1;
	int node = fdt_root(f);
	const char *p = path;
	while (node >= 0) {
		while (*p == '/')
			p++;
		if (!*p)
			return node;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		node = subnode_n(f, node, p, (size_t)(e - p));
		p = e;
	}
	return -1;
}

const void *fdt_prop(const struct fdt *f, int node, const char *name, uint32_t *len)
{
	if (node < 0)
		return NULL;
	uint32_t off = (uint32_t)node;
	if (step(f, &off) != TOK_BEGIN_NODE)
		return NULL;
	for (;;) {
		uint32_t at = off;
		int tok = step(f, &off);
		if (tok == TOK_NOP)
			continue;
		if (tok != TOK_PROP)
			return NULL; /* properties precede subnodes */
		uint32_t plen = tok_at(f, at + 4);
		const char *pname = (const char *)f->blob + f->off_strings + tok_at(f, at + 8);
		if (strcmp(pname, name) == 0) {
			if (len)
				*len = plen;
			return f->blob + f->off_struct + at + 12;
		}
	}
}

const char *fdt_prop_string(const struct fdt *f, int node, const char *name)
{
	uint32_t len;
	const char *s = fdt_prop(f, node, name, &len);
	if (!s || len == 0 || s[len - 1] != '\0')
		return NULL;
	return s;
}

uint32_t fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t dflt)
{
	uint32_t len;
	const uint8_t *p = fdt_prop(f, node, name, &len);
	return p && len == 4 ? be32(p) : dflt;
}

bool fdt_is_compatible(const struct fdt *f, int node, const char *compat)
{
	uint32_t len;
	const char *s = fdt_prop(f, node, "compatible", &len);
	if (!s)
		return false;
	size_t want = strlen(compat);
	uint32_t i = 0;
	while (i < len) {
		size_t n = strnlen(s + i, len - i);
		if (n == want && memcmp(s + i, compat, n) == 0)
			return true;
		i += (uint32_t)n + 1;
	}
	return false;
}

bool fdt_reg(const struct fdt *f, int node, uint32_t acells, uint32_t scells, uint32_t *index,
	     uint64_t *base, uint64_t *size, bool *malformed)
{
	uint32_t len;
	const uint8_t *p = fdt_prop(f, node, "reg", &len);
	if (malformed)
		*malformed = false;
	if (!p || acells > 2 || scells > 2 || acells == 0) {
		if (malformed && p)
			*malformed = true;
		return false;
	}
	uint32_t pair = 4 * (acells + scells);
	if (malformed && len % pair)
		*malformed = true;
	uint32_t at = *index * pair;
	if (at > len || len - at < pair)
		return false;
	*base = fdt_cells(p + at, acells);
	*size = fdt_cells(p + at + 4 * acells, scells);
	(*index)++;
	return true;
}

bool fdt_rsv(const struct fdt *f, uint32_t i, uint64_t *base, uint64_t *size)
{
	if (i >= f->n_rsv)
		return false;
	const uint8_t *e = f->blob + f->off_rsvmap + 16 * i;
	*base = be64(e);
	*size = be64(e + 8);
	return true;
}

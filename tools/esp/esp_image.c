/* ESP-IDF image writer and checker; see esp_image.h. Layout facts: ESP-IDF "App Image Format"
 * (programming guide, API reference > system > app image format) and esptool's reader. */
#include "esp_image.h"
#include "hash.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static bool in_range(uint32_t addr, uint32_t len, uint32_t lo, uint32_t hi)
{
	return addr >= lo && addr <= hi && len <= hi - addr;
}

const char *esp32c6_region(uint32_t addr, uint32_t len)
{
	if (addr == 0)
		return len <= ESP_MMU_PAGE ? "padding" : NULL;
	if (in_range(addr, len, ESP32C6_FLASH_MAP_BASE, ESP32C6_FLASH_MAP_END))
		return "flash";
	if (in_range(addr, len, ESP32C6_SRAM_BASE, ESP32C6_SRAM_END))
		return "sram";
	if (in_range(addr, len, ESP32C6_LP_SRAM_BASE, ESP32C6_LP_SRAM_END))
		return "lp-sram";
	return NULL;
}

static bool is_flash(uint32_t addr)
{
	return addr >= ESP32C6_FLASH_MAP_BASE && addr < ESP32C6_FLASH_MAP_END;
}

/* A growing output buffer. */
struct out {
	uint8_t *p;
	size_t len, cap;
	bool oom;
};

static void put(struct out *o, const void *data, size_t n)
{
	if (o->oom)
		return;
	if (o->len + n > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap < o->len + n)
			cap *= 2;
		uint8_t *np = realloc(o->p, cap);
		if (!np) {
			o->oom = true;
			return;
		}
		o->p = np;
		o->cap = cap;
	}
	if (data)
		memcpy(o->p + o->len, data, n);
	else
		memset(o->p + o->len, 0, n);
	o->len += n;
}

static void put_segment(struct out *o, uint32_t addr, uint32_t len, const uint8_t *data)
{
	uint8_t h[8];
	wr32(h, addr);
	wr32(h + 4, len);
	put(o, h, 8);
	put(o, data, len); /* data NULL: zero padding */
}

/* Bytes of padding segment needed so that a segment for addr written next has its data at a file
 * offset congruent to addr modulo the MMU page: 0, or at least 8 (a padding segment's header). */
static uint32_t pad_needed(size_t pos, uint32_t addr)
{
	uint32_t data_at = (uint32_t)(pos + ESP_IMAGE_SEG_HEADER_LEN) % ESP_MMU_PAGE;
	uint32_t want = addr % ESP_MMU_PAGE;
	uint32_t gap = (want - data_at) % ESP_MMU_PAGE;
	if (gap == 0)
		return 0;
	while (gap < ESP_IMAGE_SEG_HEADER_LEN)
		gap += ESP_MMU_PAGE;
	return gap;
}

static uint8_t checksum_of(const struct esp_segment *s, unsigned n, uint8_t seed)
{
	for (unsigned i = 0; i < n; i++)
		for (uint32_t j = 0; j < s[i].len; j++)
			seed ^= s[i].data[j];
	return seed;
}

static void finish(struct out *o, uint8_t checksum)
{
	/* Zero fill so the checksum byte is the last of a 16-byte block. */
	while (o->len % 16 != 15)
		put(o, NULL, 1);
	put(o, &checksum, 1);
	if (o->oom)
		return;
	uint8_t digest[32];
	sha256(o->p, o->len, digest);
	put(o, digest, 32);
}

const char *esp_image_build(const struct esp_image_params *p, const struct esp_segment *segs,
			    unsigned n, enum esp_image_kind kind, uint8_t **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	if (n == 0)
		return "no segments to write";
	int first = -1; /* the segment that must come first */
	for (unsigned i = 0; i < n; i++) {
		const char *r = esp32c6_region(segs[i].addr, segs[i].len);
		if (!r || strcmp(r, "padding") == 0)
			return "a segment lies outside the ESP32-C6's valid memory";
		if (segs[i].len % 4 || segs[i].addr % 4)
			return "segment address and length must be multiples of 4";
		if (kind == ESP_IMAGE_BOOT && is_flash(segs[i].addr))
			return "a bootloader cannot have flash-mapped segments (the ROM loads RAM only)";
		if (kind == ESP_IMAGE_APP && segs[i].addr >= ESP32C6_DROM_BASE && is_flash(segs[i].addr) &&
		    (first < 0 || segs[i].addr < segs[first].addr))
			first = (int)i;
		for (unsigned j = 0; j < i; j++)
			if (is_flash(segs[i].addr) && is_flash(segs[j].addr) &&
			    segs[i].addr / ESP_MMU_PAGE == segs[j].addr / ESP_MMU_PAGE)
				return "two flash segments share a 64 KiB MMU page";
	}
	if (kind == ESP_IMAGE_APP) {
		if (first < 0)
			return "an app needs a read-only data (DROM) segment for its esp_app_desc_t";
		if (segs[first].len < ESP_APP_DESC_LEN ||
		    rd32(segs[first].data) != ESP_APP_DESC_MAGIC)
			return "the first DROM segment does not start with an esp_app_desc_t";
	}

	/* Order: descriptor segment, other flash segments by address, then RAM segments (used to
	 * fill alignment gaps when they fit, as padding would otherwise be wasted flash). */
	unsigned order[ESP_IMAGE_MAX_SEGS], n_flash = 0, n_ram = 0, ram[ESP_IMAGE_MAX_SEGS];
	if (n > ESP_IMAGE_MAX_SEGS)
		return "more than 16 segments";
	if (first >= 0)
		order[n_flash++] = (unsigned)first;
	for (uint32_t pass = 0; pass < n; pass++) {
		int best = -1;
		for (unsigned i = 0; i < n; i++) {
			if ((int)i == first || !is_flash(segs[i].addr))
				continue;
			bool used = false;
			for (unsigned k = 0; k < n_flash; k++)
				used |= order[k] == i;
			if (!used && (best < 0 || segs[i].addr < segs[best].addr))
				best = (int)i;
		}
		if (best >= 0)
			order[n_flash++] = (unsigned)best;
	}
	for (unsigned i = 0; i < n; i++)
		if (!is_flash(segs[i].addr))
			ram[n_ram++] = i;

	struct out o = { 0 };
	uint8_t h[ESP_IMAGE_HEADER_LEN] = { 0 };
	h[0] = ESP_IMAGE_MAGIC;
	h[2] = p->flash_mode;
	h[3] = p->flash_size_freq;
	wr32(h + 4, p->entry);
	h[8] = ESP_WP_PIN_DISABLED;
	wr16(h + 12, p->chip_id);
	h[14] = (uint8_t)(p->min_rev_full / 100); /* legacy major-only field */
	wr16(h + 15, p->min_rev_full);
	wr16(h + 17, p->max_rev_full);
	h[23] = 1; /* hash appended */
	put(&o, h, sizeof h);

	unsigned written = 0;
	bool ram_used[ESP_IMAGE_MAX_SEGS] = { false };
	for (unsigned k = 0; k < n_flash; k++) {
		const struct esp_segment *s = &segs[order[k]];
		uint32_t gap;
		while ((gap = pad_needed(o.len, s->addr)) != 0) {
			/* A whole RAM segment that fits exactly, or leaves room for a padding header. */
			int fit = -1;
			for (unsigned r = 0; r < n_ram; r++) {
				uint32_t need = ESP_IMAGE_SEG_HEADER_LEN + segs[ram[r]].len;
				if (!ram_used[r] && (need == gap || need + ESP_IMAGE_SEG_HEADER_LEN <= gap))
					fit = (int)r;
			}
			if (fit >= 0) {
				const struct esp_segment *r = &segs[ram[fit]];
				put_segment(&o, r->addr, r->len, r->data);
				ram_used[fit] = true;
			} else {
				put_segment(&o, 0, gap - ESP_IMAGE_SEG_HEADER_LEN, NULL);
			}
			written++;
		}
		put_segment(&o, s->addr, s->len, s->data);
		written++;
	}
	for (unsigned r = 0; r < n_ram; r++) {
		if (ram_used[r])
			continue;
		const struct esp_segment *s = &segs[ram[r]];
		put_segment(&o, s->addr, s->len, s->data);
		written++;
	}
	if (written > ESP_IMAGE_MAX_SEGS) {
		free(o.p);
		return "alignment padding pushed the image past 16 segments";
	}
	if (o.oom) {
		free(o.p);
		return "out of memory";
	}
	o.p[1] = (uint8_t)written;
	finish(&o, checksum_of(segs, n, ESP_CHECKSUM_SEED));
	if (o.oom) {
		free(o.p);
		return "out of memory";
	}
	*out = o.p;
	*out_len = o.len;
	return NULL;
}

struct report {
	char *buf;
	size_t cap, used;
	int count;
};

static void problem(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct report *r, const char *fmt, ...)
{
	r->count++;
	if (!r->buf || r->used + 1 >= r->cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->buf + r->used, r->cap - r->used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	r->used += (size_t)n < r->cap - r->used ? (size_t)n : r->cap - r->used - 1;
	if (r->used + 1 < r->cap) {
		r->buf[r->used++] = '\n';
		r->buf[r->used] = '\0';
	}
}

int esp_image_check(const uint8_t *buf, size_t len, enum esp_image_kind kind,
		    struct esp_image_info *info, char *report, size_t cap)
{
	struct report r = { report, cap, 0, 0 };
	if (report && cap)
		report[0] = '\0';
	memset(info, 0, sizeof *info);
	info->app_desc_off = -1;

	if (len < ESP_IMAGE_HEADER_LEN) {
		problem(&r, "truncated: %zu bytes, shorter than the %d-byte image header", len,
			ESP_IMAGE_HEADER_LEN);
		return r.count;
	}
	if (buf[0] != ESP_IMAGE_MAGIC) {
		problem(&r, "bad magic 0x%02x (an ESP image starts with 0xe9)", buf[0]);
		return r.count;
	}
	unsigned nseg = buf[1];
	info->entry = rd32(buf + 4);
	info->chip_id = rd16(buf + 12);
	if (nseg == 0 || nseg > ESP_IMAGE_MAX_SEGS)
		problem(&r, "segment count %u is outside 1..16", nseg);
	if (info->chip_id != ESP_CHIP_ID_ESP32C6)
		problem(&r, "chip id %u is not the ESP32-C6's (%u)", info->chip_id,
			ESP_CHIP_ID_ESP32C6);
	if ((buf[3] >> 4) > 7)
		problem(&r, "flash size code %u in the header is not valid", buf[3] >> 4);
	bool hashed = buf[23] == 1;
	if (buf[23] > 1)
		problem(&r, "hash_appended byte is %u, not 0 or 1", buf[23]);

	size_t pos = ESP_IMAGE_HEADER_LEN;
	uint8_t sum = ESP_CHECKSUM_SEED;
	bool framed = true;
	for (unsigned i = 0; i < nseg && i < ESP_IMAGE_MAX_SEGS; i++) {
		if (len - pos < ESP_IMAGE_SEG_HEADER_LEN) {
			problem(&r, "truncated: segment %u header is past the end of the file", i);
			framed = false;
			break;
		}
		uint32_t addr = rd32(buf + pos), slen = rd32(buf + pos + 4);
		pos += ESP_IMAGE_SEG_HEADER_LEN;
		if (slen > len - pos) {
			problem(&r, "truncated: segment %u (0x%08x, %u bytes) runs past the end of the "
				"file", i, addr, slen);
			framed = false;
			break;
		}
		info->seg[i].addr = addr;
		info->seg[i].len = slen;
		info->seg[i].file_off = (uint32_t)pos;
		info->n_segs = i + 1;
		const char *where = esp32c6_region(addr, slen);
		if (!where)
			problem(&r, "segment %u at 0x%08x (%u bytes) lies outside the ESP32-C6's valid "
				"memory", i, addr, slen);
		else if (strcmp(where, "flash") == 0 && kind == ESP_IMAGE_BOOT)
			problem(&r, "segment %u at 0x%08x is flash-mapped, but the ROM loads only RAM "
				"segments of a bootloader", i, addr);
		else if (strcmp(where, "flash") == 0 && pos % ESP_MMU_PAGE != addr % ESP_MMU_PAGE)
			problem(&r, "segment %u at 0x%08x sits at file offset 0x%zx: not congruent "
				"modulo the 64 KiB MMU page, the cache cannot map it", i, addr, pos);
		if (slen % 4)
			problem(&r, "segment %u length %u is not a multiple of 4", i, slen);
		for (uint32_t j = 0; j < slen; j++)
			sum ^= buf[pos + j];
		pos += slen;
	}
	if (!framed)
		return r.count;

	while (pos % 16 != 15)
		pos++;
	if (pos >= len) {
		problem(&r, "truncated: the checksum byte is missing");
		return r.count;
	}
	info->checksum = buf[pos];
	if (buf[pos] != sum)
		problem(&r, "checksum mismatch: stored 0x%02x, segments give 0x%02x", buf[pos], sum);
	pos++;
	if (hashed) {
		if (len - pos < 32) {
			problem(&r, "truncated: the appended SHA-256 is missing");
			return r.count;
		}
		uint8_t digest[32];
		sha256(buf, pos, digest);
		if (memcmp(digest, buf + pos, 32) != 0)
			problem(&r, "SHA-256 mismatch: the appended hash does not match the image");
		pos += 32;
	} else if (kind == ESP_IMAGE_APP) {
		problem(&r, "no SHA-256 appended (hash_appended is 0)");
	}
	info->image_len = pos;

	bool entry_ok = false;
	for (unsigned i = 0; i < info->n_segs; i++) {
		const char *where = esp32c6_region(info->seg[i].addr, info->seg[i].len);
		if (where && strcmp(where, "padding") != 0 && info->entry >= info->seg[i].addr &&
		    info->entry - info->seg[i].addr < info->seg[i].len)
			entry_ok = true;
	}
	if (!entry_ok)
		problem(&r, "entry point 0x%08x is not inside any loaded segment", info->entry);

	if (kind == ESP_IMAGE_APP && info->n_segs > 0) {
		uint32_t a = info->seg[0].addr;
		if (!(a >= ESP32C6_DROM_BASE && a < ESP32C6_FLASH_MAP_END) ||
		    info->seg[0].len < ESP_APP_DESC_LEN)
			problem(&r, "the first segment (0x%08x) is not read-only data holding an "
				"esp_app_desc_t", a);
		else if (rd32(buf + info->seg[0].file_off) != ESP_APP_DESC_MAGIC)
			problem(&r, "app descriptor magic is 0x%08x, not 0xabcd5432",
				rd32(buf + info->seg[0].file_off));
		else
			info->app_desc_off = info->seg[0].file_off;
	}
	return r.count;
}

bool esp_image_reseal(uint8_t *buf, size_t len)
{
	if (len < ESP_IMAGE_HEADER_LEN)
		return false;
	size_t pos = ESP_IMAGE_HEADER_LEN;
	uint8_t sum = ESP_CHECKSUM_SEED;
	for (unsigned i = 0; i < buf[1]; i++) {
		if (len - pos < 8)
			return false;
		uint32_t slen = rd32(buf + pos + 4);
		pos += 8;
		if (slen > len - pos)
			return false;
		for (uint32_t j = 0; j < slen; j++)
			sum ^= buf[pos + j];
		pos += slen;
	}
	while (pos % 16 != 15)
		pos++;
	if (len - pos < 33)
		return false;
	buf[pos++] = sum;
	sha256(buf, pos, buf + pos);
	return true;
}

const char *esp_parttable_build(const struct esp_partition *parts, unsigned n,
				uint8_t out[ESP_PARTTABLE_LEN])
{
	memset(out, 0xff, ESP_PARTTABLE_LEN);
	if ((n + 1) * 32 > ESP_PARTTABLE_LEN - 32)
		return "too many partitions";
	for (unsigned i = 0; i < n; i++) {
		uint8_t *e = out + 32 * i;
		if (strlen(parts[i].label) > 15)
			return "partition label longer than 15 characters";
		e[0] = 0xaa;
		e[1] = 0x50;
		e[2] = parts[i].type;
		e[3] = parts[i].subtype;
		wr32(e + 4, parts[i].offset);
		wr32(e + 8, parts[i].size);
		memset(e + 12, 0, 16);
		memcpy(e + 12, parts[i].label, strlen(parts[i].label));
		wr32(e + 28, 0); /* flags: not encrypted, not read-only */
	}
	/* MD5 entry: 0xebeb, 14 bytes of 0xff, then the MD5 of every entry before it. */
	uint8_t *m = out + 32 * n;
	m[0] = 0xeb;
	m[1] = 0xeb;
	md5(out, 32 * n, m + 16);
	return NULL;
}

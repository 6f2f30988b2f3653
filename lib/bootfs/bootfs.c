/* Strict boot archive reader; see bootfs.h and docs/binaries.md. */
#include <bootfs.h>
#include <mem.h>

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

uint32_t bootfs_crc32(uint32_t crc, const void *data, size_t len)
{
	/* Bitwise: the table is at most 64 KiB and read once at boot, so no 1 KiB lookup table. */
	const uint8_t *p = data;
	crc = ~crc;
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static const uint8_t *entry_at(const struct bootfs *fs, uint32_t i)
{
	return fs->base + BOOTFS_HEADER_SIZE + (size_t)i * BOOTFS_ENTRY_SIZE;
}

/* A name is 1..47 printable, non-space ASCII bytes, then NULs to the end of its field: one
 * spelling per name, so sorting and lookup are plain byte comparisons. */
static const char *check_name(const uint8_t *n)
{
	uint32_t len = 0;
	while (len < BOOTFS_NAME_SIZE && n[len] != 0)
		len++;
	if (len == BOOTFS_NAME_SIZE)
		return "an entry name is not NUL-terminated";
	if (len == 0)
		return "an entry name is empty";
	for (uint32_t i = 0; i < len; i++)
		if (n[i] < 0x21 || n[i] > 0x7e)
			return "an entry name has a byte that is not printable ASCII";
	if (n[0] == '/')
		return "an entry name starts with '/'";
	for (uint32_t i = len; i < BOOTFS_NAME_SIZE; i++)
		if (n[i] != 0)
			return "an entry name is not NUL-padded";
	return NULL;
}

const char *bootfs_open(struct bootfs *fs, const void *blob, size_t avail)
{
	const uint8_t *b = blob;
	*fs = (struct bootfs){ 0 };
	if (!b || avail < BOOTFS_HEADER_SIZE)
		return "archive too short for its header";
	if (rd32(b) != BOOTFS_MAGIC)
		return "bad magic";
	if (rd32(b + 4) != BOOTFS_VERSION)
		return "unsupported version";
	uint32_t count = rd32(b + 8);
	uint64_t size = rd64(b + 16);
	if (rd64(b + 24) != 0)
		return "reserved header field is not zero";
	if (count > BOOTFS_MAX_ENTRIES)
		return "too many entries";
	if (size > avail)
		return "archive size in the header is larger than the data given";
	if (size % BOOTFS_ALIGN)
		return "archive size is not a multiple of 4 KiB";
	/* count is capped, so the table's end cannot overflow. */
	uint64_t table_end = BOOTFS_HEADER_SIZE + (uint64_t)count * BOOTFS_ENTRY_SIZE;
	if (table_end > size)
		return "entry table extends past the end of the archive";

	uint8_t zero[4] = { 0 };
	uint32_t crc = bootfs_crc32(0, b, 12);
	crc = bootfs_crc32(crc, zero, 4);
	crc = bootfs_crc32(crc, b + 16, (size_t)table_end - 16);
	if (crc != rd32(b + 12))
		return "checksum mismatch in the header or entry table";

	fs->base = b;
	fs->size = size;
	fs->count = count;
	uint64_t data_start = (table_end + BOOTFS_ALIGN - 1) & ~(uint64_t)(BOOTFS_ALIGN - 1);
	uint64_t prev_end = data_start;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = entry_at(fs, i);
		const char *err = check_name(e);
		if (err)
			goto bad;
		/* Strictly ascending names: lookups can bisect and no name appears twice. */
		if (i > 0 && strncmp((const char *)entry_at(fs, i - 1), (const char *)e,
				     BOOTFS_NAME_SIZE) >= 0) {
			err = "entry names are not in strictly ascending order (or repeat)";
			goto bad;
		}
		uint64_t off = rd64(e + 48), len = rd64(e + 56);
		if (off % BOOTFS_ALIGN) {
			err = "an entry's offset is not 4 KiB aligned";
			goto bad;
		}
		if (off > size || len > size - off) {
			err = "an entry extends past the end of the archive";
			goto bad;
		}
		/* Files follow the table in name order without sharing bytes. */
		if (off < prev_end) {
			err = "an entry overlaps the entry table or the entry before it";
			goto bad;
		}
		prev_end = off + len;
		continue;
bad:
		*fs = (struct bootfs){ 0 };
		return err;
	}
	return NULL;
}

bool bootfs_entry(const struct bootfs *fs, uint32_t index, struct bootfs_file *out)
{
	if (!fs->base || index >= fs->count)
		return false;
	const uint8_t *e = entry_at(fs, index);
	out->name = (const char *)e;
	out->offset = rd64(e + 48);
	out->size = rd64(e + 56);
	out->data = fs->base + out->offset;
	return true;
}

bool bootfs_find(const struct bootfs *fs, const char *name, struct bootfs_file *out)
{
	if (!fs->base || !name)
		return false;
	/* A name that does not fit a field cannot match; this also bounds the comparisons. */
	if (strnlen(name, BOOTFS_NAME_SIZE) == BOOTFS_NAME_SIZE)
		return false;
	uint32_t lo = 0, hi = fs->count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = strncmp(name, (const char *)entry_at(fs, mid), BOOTFS_NAME_SIZE);
		if (c == 0)
			return bootfs_entry(fs, mid, out);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

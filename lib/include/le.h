/* le: little-endian loads from byte buffers at any alignment. Loader structures, firmware tables
 * and file formats are read through these, never by casting a pointer to a wider type. */
#ifndef LE_H
#define LE_H

#include <stdint.h>

static inline uint16_t le16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t le64(const void *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32((const uint8_t *)p + 4) << 32;
}

#endif

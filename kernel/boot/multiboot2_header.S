/* Multiboot 2 header (specification 2.0, section 3.1): 8-byte aligned in the first 32 KiB,
 * architecture 0 (i386 protected mode), only the end tag: the loader reads the ELF headers. */
#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0

	.section .boot.header, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	/* Written this way so the sum wraps in 32 bits instead of overflowing .long. */
	.long 0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	.short 0 /* end tag: type 0, flags 0, size 8 */
	.short 0
	.long 8
mb2_header_end:

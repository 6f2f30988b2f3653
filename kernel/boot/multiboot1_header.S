/* Multiboot 1 header (specification 0.6.96, section 3.1): the loader finds it in the first 8 KiB.
 * Flags: bit 0 page-align modules, bit 1 provide the memory map. No address fields: the loader
 * reads the ELF program headers. */
#define MB1_HEADER_MAGIC 0x1badb002
#define MB1_HEADER_FLAGS 0x00000003

	.section .boot.header, "a"
	.balign 4
	.long MB1_HEADER_MAGIC
	.long MB1_HEADER_FLAGS
	.long -(MB1_HEADER_MAGIC + MB1_HEADER_FLAGS)

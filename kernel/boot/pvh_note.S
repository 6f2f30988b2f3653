/* PVH entry note (Xen's XEN_ELFNOTE_PHYS32_ENTRY = 18): QEMU -kernel on pc enters the 32-bit
 * physical address it holds, in protected mode with paging off and ebx = hvm_start_info. The
 * architecture provides pvh_entry. */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.section .note.Xen, "a", @note
	.balign 4
	.long 4                        /* name size: "Xen\0" */
	.long 4                        /* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.long pvh_entry

/* The boot archive (build/<board>-<boot>/user/bootfs.img, made by mk/user.mk), linked into the
 * kernel's read-only data so every boot method carries it without loader support for modules. */
	.section .rodata.bootfs, "a"
	.balign 4096
	.global __bootfs_start, __bootfs_end
__bootfs_start:
	.incbin BOOTFS_IMAGE
__bootfs_end:
	.balign 4096

/* Ferrite's UEFI entry note, read by the UEFI loader (kernel/boot/uefi/image.c): name "Ferrite",
 * type 1, the 64-bit address of uefi_entry. An architecture whose ELF entry point already suits
 * the loader's jump defines no uefi_entry; the weak reference is then 0 and the loader uses
 * e_entry (such architectures' linker scripts may also discard the note). */
#define FERRITE_NOTE_UEFI_ENTRY 1

	.weak	uefi_entry
	.section .note.ferrite, "a", %note
	.balign 4
	.long	8			/* name size: "Ferrite\0" */
	.long	8			/* descriptor size */
	.long	FERRITE_NOTE_UEFI_ENTRY
	.asciz	"Ferrite"
	.balign 4
	.quad	uefi_entry

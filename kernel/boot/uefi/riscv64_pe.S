/*
 * The riscv64 loader's PE32+ header, written out by hand (PE/COFF specification, "Overview" to
 * "Section Table"): no LLVM tool emits a RISC-V PE image. The ELF PIE is linked at 0 with this
 * header first (riscv64.ld) and turned into a flat file with llvm-objcopy -O binary, so file
 * offsets equal RVAs: one section from 0x1000 to the end, file alignment = section alignment.
 * There is no base relocation directory; ldr_riscv_start applies the ELF RELATIVE relocations
 * itself, so the firmware may load the image anywhere.
 */
#define IMAGE_FILE_MACHINE_RISCV64 0x5064
#define IMAGE_SUBSYSTEM_EFI_APPLICATION 10
/* executable image, line numbers and debug information stripped */
#define COFF_CHARACTERISTICS 0x0206
/* code, initialised data, execute, read, write */
#define SECTION_CHARACTERISTICS 0xe0000060
#define PE_DIRECTORIES 16
#define EFI_LOAD_ERROR_LO 1

	.section .pehdr, "a"
	.globl	ldr_pe_header
ldr_pe_header:
	.ascii	"MZ"
	.skip	0x3a			/* the rest of the DOS header: unused by UEFI */
	.long	pe_sig - ldr_pe_header	/* e_lfanew */
pe_sig:
	.ascii	"PE\0\0"
	/* COFF file header */
	.short	IMAGE_FILE_MACHINE_RISCV64
	.short	1			/* sections */
	.long	0			/* time stamp */
	.long	0, 0			/* no symbol table */
	.short	opt_end - opt_start
	.short	COFF_CHARACTERISTICS
opt_start:
	.short	0x20b			/* PE32+ */
	.byte	0, 0			/* linker version */
	.long	__pe_text_size		/* size of code */
	.long	0, 0			/* initialised, uninitialised data: all in the one section */
	.long	__pe_entry_rva
	.long	__pe_text_rva		/* base of code */
	.quad	0			/* image base: relocates itself */
	.long	0x1000			/* section alignment */
	.long	0x1000			/* file alignment */
	.short	0, 0, 0, 0, 0, 0	/* OS, image, subsystem versions */
	.long	0			/* Win32 version */
	.long	__pe_image_size
	.long	0x1000			/* size of headers */
	.long	0			/* checksum */
	.short	IMAGE_SUBSYSTEM_EFI_APPLICATION
	.short	0			/* DLL characteristics */
	.quad	0x10000, 0x10000	/* stack reserve, commit */
	.quad	0, 0			/* heap reserve, commit */
	.long	0			/* loader flags */
	.long	PE_DIRECTORIES
	.skip	8 * PE_DIRECTORIES	/* no exports, imports, relocations, ... */
opt_end:
	/* Section table: one section covering code, data and bss. */
	.ascii	".text\0\0\0"
	.long	__pe_text_size		/* virtual size */
	.long	__pe_text_rva		/* virtual address */
	.long	__pe_text_size		/* raw size: bss is stored as zeros */
	.long	__pe_text_rva		/* file offset = RVA */
	.long	0, 0			/* relocations, line numbers */
	.short	0, 0
	.long	SECTION_CHARACTERISTICS

/* Initialised data, so that .data (which also holds bss) is stored in the flat file even when
 * the C code has no initialised data of its own: the PE section's raw size covers bss. */
	.section .data.pe_fill, "aw", %progbits
	.quad	0

/* PE entry: efi_main(image, system_table) once the image is relocated to where it was loaded. */
	.section .text.start, "ax"
	.globl	ldr_riscv_start
ldr_riscv_start:
	addi	sp, sp, -32
	sd	ra, 0(sp)
	sd	a0, 8(sp)
	sd	a1, 16(sp)
	lla	a0, ldr_pe_header	/* load address of the image */
	lla	a1, __rela_start
	lla	a2, __rela_end
	call	ldr_riscv_relocate
	bnez	a0, 1f
	ld	a0, 8(sp)
	ld	a1, 16(sp)
	call	efi_main
	j	2f
1:	li	a0, 1			/* EFI_LOAD_ERROR: error bit | 1 */
	slli	a0, a0, 63
	addi	a0, a0, EFI_LOAD_ERROR_LO
2:	ld	ra, 0(sp)
	addi	sp, sp, 32
	ret

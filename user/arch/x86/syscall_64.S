/* long ulib_syscall(long num, long a1, ..., long a6): `syscall` with rax = number and arguments in
 * rdi rsi rdx r10 r8 r9 (docs/syscalls.md); the instruction clobbers rcx and r11. */
	.text
	.global ulib_syscall
ulib_syscall:
	mov	%rdi, %rax
	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
	mov	%r8, %r10
	mov	%r9, %r8
	mov	8(%rsp), %r9
	syscall
	ret

/* long ulib_syscall(long num, long a1, ..., long a6): int $0x80 with eax = number and arguments in
 * ebx ecx edx esi edi ebp (docs/syscalls.md). */
	.text
	.global ulib_syscall
ulib_syscall:
	push	%ebp
	push	%edi
	push	%esi
	push	%ebx
	mov	20(%esp), %eax
	mov	24(%esp), %ebx
	mov	28(%esp), %ecx
	mov	32(%esp), %edx
	mov	36(%esp), %esi
	mov	40(%esp), %edi
	mov	44(%esp), %ebp
	int	$0x80
	pop	%ebx
	pop	%esi
	pop	%edi
	pop	%ebp
	ret

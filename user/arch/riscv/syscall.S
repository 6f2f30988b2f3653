/* long ulib_syscall(long num, long a1, ..., long a6): ecall with a7 = number (docs/syscalls.md). */
	.text
	.global ulib_syscall
ulib_syscall:
	mv	a7, a0
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	mv	a3, a4
	mv	a4, a5
	mv	a5, a6
	ecall
	ret

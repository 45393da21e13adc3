	.file	"zero_cost.a6ed43cc0788e373-cgu.0"
	.section	.text._ZN3std2rt10lang_start17ha8558f194cd6069eE,"ax",@progbits
	.hidden	_ZN3std2rt10lang_start17ha8558f194cd6069eE
	.globl	_ZN3std2rt10lang_start17ha8558f194cd6069eE
	.p2align	4
	.type	_ZN3std2rt10lang_start17ha8558f194cd6069eE,@function
_ZN3std2rt10lang_start17ha8558f194cd6069eE:
	.cfi_startproc
	pushq	%rax
	.cfi_def_cfa_offset 16
	movl	%ecx, %r8d
	movq	%rdx, %rcx
	movq	%rsi, %rdx
	movq	%rdi, (%rsp)
	leaq	.Lanon.fe2c8c414b93f38185f228b91f69b2bf.0(%rip), %rsi
	movq	%rsp, %rdi
	callq	*_RNvNtCsjrHSEGnQ3l9_3std2rt19lang_start_internal@GOTPCREL(%rip)
	popq	%rcx
	.cfi_def_cfa_offset 8
	retq
.Lfunc_end0:
	.size	_ZN3std2rt10lang_start17ha8558f194cd6069eE, .Lfunc_end0-_ZN3std2rt10lang_start17ha8558f194cd6069eE
	.cfi_endproc

	.section	".text._ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h4e7f8e2ee6f99605E","ax",@progbits
	.p2align	4
	.type	_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h4e7f8e2ee6f99605E,@function
_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h4e7f8e2ee6f99605E:
	.cfi_startproc
	pushq	%rax
	.cfi_def_cfa_offset 16
	movq	(%rdi), %rdi
	callq	_ZN3std3sys9backtrace28__rust_begin_short_backtrace17h82967fb5d3a5b2a2E
	xorl	%eax, %eax
	popq	%rcx
	.cfi_def_cfa_offset 8
	retq
.Lfunc_end1:
	.size	_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h4e7f8e2ee6f99605E, .Lfunc_end1-_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h4e7f8e2ee6f99605E
	.cfi_endproc

	.section	.text._ZN3std3sys9backtrace28__rust_begin_short_backtrace17h82967fb5d3a5b2a2E,"ax",@progbits
	.p2align	4
	.type	_ZN3std3sys9backtrace28__rust_begin_short_backtrace17h82967fb5d3a5b2a2E,@function
_ZN3std3sys9backtrace28__rust_begin_short_backtrace17h82967fb5d3a5b2a2E:
	.cfi_startproc
	pushq	%rax
	.cfi_def_cfa_offset 16
	callq	*%rdi
	#APP
	#NO_APP
	popq	%rax
	.cfi_def_cfa_offset 8
	retq
.Lfunc_end2:
	.size	_ZN3std3sys9backtrace28__rust_begin_short_backtrace17h82967fb5d3a5b2a2E, .Lfunc_end2-_ZN3std3sys9backtrace28__rust_begin_short_backtrace17h82967fb5d3a5b2a2E
	.cfi_endproc

	.section	".text._ZN4core3ops8function6FnOnce40call_once$u7b$$u7b$vtable.shim$u7d$$u7d$17h31a7af7db18186c0E","ax",@progbits
	.p2align	4
	.type	_ZN4core3ops8function6FnOnce40call_once$u7b$$u7b$vtable.shim$u7d$$u7d$17h31a7af7db18186c0E,@function
_ZN4core3ops8function6FnOnce40call_once$u7b$$u7b$vtable.shim$u7d$$u7d$17h31a7af7db18186c0E:
	.cfi_startproc
	pushq	%rax
	.cfi_def_cfa_offset 16
	movq	(%rdi), %rdi
	callq	_ZN3std3sys9backtrace28__rust_begin_short_backtrace17h82967fb5d3a5b2a2E
	xorl	%eax, %eax
	popq	%rcx
	.cfi_def_cfa_offset 8
	retq
.Lfunc_end3:
	.size	_ZN4core3ops8function6FnOnce40call_once$u7b$$u7b$vtable.shim$u7d$$u7d$17h31a7af7db18186c0E, .Lfunc_end3-_ZN4core3ops8function6FnOnce40call_once$u7b$$u7b$vtable.shim$u7d$$u7d$17h31a7af7db18186c0E
	.cfi_endproc

	.section	.rodata.cst16,"aM",@progbits,16
	.p2align	4, 0x0
.LCPI4_0:
	.long	1
	.long	2
	.long	3
	.long	4
	.section	.text._ZN9zero_cost4main17h1b5b4db35f20f917E,"ax",@progbits
	.hidden	_ZN9zero_cost4main17h1b5b4db35f20f917E
	.globl	_ZN9zero_cost4main17h1b5b4db35f20f917E
	.p2align	4
	.type	_ZN9zero_cost4main17h1b5b4db35f20f917E,@function
_ZN9zero_cost4main17h1b5b4db35f20f917E:
	.cfi_startproc
	pushq	%rbx
	.cfi_def_cfa_offset 16
	subq	$48, %rsp
	.cfi_def_cfa_offset 64
	.cfi_offset %rbx, -16
	movabsq	$-9223372036854775808, %rax
	movq	%rax, 24(%rsp)
	movaps	.LCPI4_0(%rip), %xmm0
	movups	%xmm0, 32(%rsp)
	leaq	24(%rsp), %rbx
	#APP
	#NO_APP
	movq	$1, 8(%rsp)
	leaq	8(%rsp), %rax
	#APP
	#NO_APP
	movq	8(%rsp), %rdi
	callq	zc_load
	movq	%rax, 8(%rsp)
	leaq	8(%rsp), %rax
	#APP
	#NO_APP
	movq	$2, 8(%rsp)
	#APP
	#NO_APP
	movq	8(%rsp), %rdi
	callq	zc_crash_path
	movq	%rax, 8(%rsp)
	movq	%rdx, 16(%rsp)
	leaq	8(%rsp), %rax
	#APP
	#NO_APP
	movq	%rbx, %rdi
	callq	zc_device_reset
	movq	%rbx, %rdi
	callq	zc_device_status
	movl	%eax, 8(%rsp)
	movl	%edx, 12(%rsp)
	leaq	8(%rsp), %rax
	#APP
	#NO_APP
	addq	$48, %rsp
	.cfi_def_cfa_offset 16
	popq	%rbx
	.cfi_def_cfa_offset 8
	retq
.Lfunc_end4:
	.size	_ZN9zero_cost4main17h1b5b4db35f20f917E, .Lfunc_end4-_ZN9zero_cost4main17h1b5b4db35f20f917E
	.cfi_endproc

	.section	.text.zc_crash_path,"ax",@progbits
	.globl	zc_crash_path
	.p2align	4
	.type	zc_crash_path,@function
zc_crash_path:
	.cfi_startproc
	pushq	%r14
	.cfi_def_cfa_offset 16
	pushq	%rbx
	.cfi_def_cfa_offset 24
	pushq	%rax
	.cfi_def_cfa_offset 32
	.cfi_offset %rbx, -24
	.cfi_offset %r14, -16
	movl	$1, %ecx
	xorl	%eax, %eax
	lock		cmpxchgl	%ecx, _ZN9zero_cost5STATE17hc28140ecbe86f4fbE(%rip)
	jne	.LBB5_1
	movq	_ZN9zero_cost5STATE17hc28140ecbe86f4fbE+8(%rip), %rsi
	movq	%rdi, %r14
	callq	zc_mix
	movq	%rax, %rbx
	movabsq	$-6148914691236517205, %rcx
	mulq	%rcx
	shrq	%rdx
	leaq	(%rdx,%rdx,2), %rcx
	movq	%rbx, %rax
	subq	%rcx, %rax
	je	.LBB5_6
	cmpq	$1, %rax
	jne	.LBB5_4
	movq	%rbx, %rdi
	movq	%r14, %rsi
	callq	zc_mix
	movq	%rax, %rbx
	jmp	.LBB5_6
.LBB5_1:
	movl	$1, %eax
	jmp	.LBB5_9
.LBB5_4:
	rolq	$7, %rbx
.LBB5_6:
	movq	%rbx, _ZN9zero_cost5STATE17hc28140ecbe86f4fbE+8(%rip)
	movl	$0, _ZN9zero_cost5STATE17hc28140ecbe86f4fbE(%rip)
	#MEMBARRIER
	movl	_ZN9zero_cost5STATE17hc28140ecbe86f4fbE+4(%rip), %esi
	testl	%esi, %esi
	jne	.LBB5_7
.LBB5_8:
	xorl	%eax, %eax
.LBB5_9:
	movq	%rbx, %rdx
	addq	$8, %rsp
	.cfi_def_cfa_offset 24
	popq	%rbx
	.cfi_def_cfa_offset 16
	popq	%r14
	.cfi_def_cfa_offset 8
	retq
.LBB5_7:
	.cfi_def_cfa_offset 32
	leaq	_ZN9zero_cost5STATE17hc28140ecbe86f4fbE(%rip), %rdi
	callq	*_ZN15ctxlock_runtime3raw13RawHybridLock11unlock_slow17he5b69efb6c8c1139E@GOTPCREL(%rip)
	jmp	.LBB5_8
.Lfunc_end5:
	.size	zc_crash_path, .Lfunc_end5-zc_crash_path
	.cfi_endproc

	.section	.text.zc_device_reset,"ax",@progbits
	.globl	zc_device_reset
	.p2align	4
	.type	zc_device_reset,@function
zc_device_reset:
	.cfi_startproc
	pushq	%rbx
	.cfi_def_cfa_offset 16
	.cfi_offset %rbx, -16
	movl	$1, %ecx
	xorl	%eax, %eax
	lock		cmpxchgl	%ecx, (%rdi)
	jne	.LBB6_1
.LBB6_2:
	xorps	%xmm0, %xmm0
	movups	%xmm0, 8(%rdi)
	movl	$0, (%rdi)
	#MEMBARRIER
	movl	4(%rdi), %esi
	testl	%esi, %esi
	jne	.LBB6_4
	popq	%rbx
	.cfi_def_cfa_offset 8
	retq
.LBB6_1:
	.cfi_def_cfa_offset 16
	movq	%rdi, %rbx
	callq	*_ZN15ctxlock_runtime3raw13RawHybridLock14lock_contended17h6009904de3e342b1E@GOTPCREL(%rip)
	movq	%rbx, %rdi
	jmp	.LBB6_2
.LBB6_4:
	popq	%rbx
	.cfi_def_cfa_offset 8
	jmpq	*_ZN15ctxlock_runtime3raw13RawHybridLock11unlock_slow17he5b69efb6c8c1139E@GOTPCREL(%rip)
.Lfunc_end6:
	.size	zc_device_reset, .Lfunc_end6-zc_device_reset
	.cfi_endproc

	.section	.text.zc_device_status,"ax",@progbits
	.globl	zc_device_status
	.p2align	4
	.type	zc_device_status,@function
zc_device_status:
	.cfi_startproc
	pushq	%rbx
	.cfi_def_cfa_offset 16
	.cfi_offset %rbx, -16
	xorl	%ecx, %ecx
	movl	$1, %edx
	xorl	%eax, %eax
	lock		cmpxchgl	%edx, (%rdi)
	jne	.LBB7_4
	movl	8(%rdi), %ebx
	movl	$0, (%rdi)
	#MEMBARRIER
	movl	4(%rdi), %esi
	testl	%esi, %esi
	jne	.LBB7_2
.LBB7_3:
	movl	$1, %ecx
.LBB7_4:
	movl	%ecx, %eax
	movl	%ebx, %edx
	popq	%rbx
	.cfi_def_cfa_offset 8
	retq
.LBB7_2:
	.cfi_def_cfa_offset 16
	callq	*_ZN15ctxlock_runtime3raw13RawHybridLock11unlock_slow17he5b69efb6c8c1139E@GOTPCREL(%rip)
	jmp	.LBB7_3
.Lfunc_end7:
	.size	zc_device_status, .Lfunc_end7-zc_device_status
	.cfi_endproc

	.section	.text.zc_load,"ax",@progbits
	.globl	zc_load
	.p2align	4
	.type	zc_load,@function
zc_load:
	.cfi_startproc
	pushq	%rbx
	.cfi_def_cfa_offset 16
	.cfi_offset %rbx, -16
	movl	$1, %ecx
	xorl	%eax, %eax
	lock		cmpxchgl	%ecx, _ZN9zero_cost5STATE17hc28140ecbe86f4fbE(%rip)
	jne	.LBB8_1
.LBB8_2:
	movq	_ZN9zero_cost5STATE17hc28140ecbe86f4fbE+8(%rip), %rsi
	callq	zc_mix
	movq	%rax, _ZN9zero_cost5STATE17hc28140ecbe86f4fbE+8(%rip)
	movl	$0, _ZN9zero_cost5STATE17hc28140ecbe86f4fbE(%rip)
	#MEMBARRIER
	movl	_ZN9zero_cost5STATE17hc28140ecbe86f4fbE+4(%rip), %esi
	testl	%esi, %esi
	jne	.LBB8_3
	popq	%rbx
	.cfi_def_cfa_offset 8
	retq
.LBB8_1:
	.cfi_def_cfa_offset 16
	leaq	_ZN9zero_cost5STATE17hc28140ecbe86f4fbE(%rip), %rax
	movq	%rdi, %rbx
	movq	%rax, %rdi
	callq	*_ZN15ctxlock_runtime3raw13RawHybridLock14lock_contended17h6009904de3e342b1E@GOTPCREL(%rip)
	movq	%rbx, %rdi
	jmp	.LBB8_2
.LBB8_3:
	leaq	_ZN9zero_cost5STATE17hc28140ecbe86f4fbE(%rip), %rdi
	movq	%rax, %rbx
	callq	*_ZN15ctxlock_runtime3raw13RawHybridLock11unlock_slow17he5b69efb6c8c1139E@GOTPCREL(%rip)
	movq	%rbx, %rax
	popq	%rbx
	.cfi_def_cfa_offset 8
	retq
.Lfunc_end8:
	.size	zc_load, .Lfunc_end8-zc_load
	.cfi_endproc

	.section	.text.zc_mix,"ax",@progbits
	.globl	zc_mix
	.p2align	4
	.type	zc_mix,@function
zc_mix:
	.cfi_startproc
	movabsq	$-7046029254386353131, %rax
	imulq	%rdi, %rax
	rolq	$35, %rsi
	xorq	%rsi, %rax
	retq
.Lfunc_end9:
	.size	zc_mix, .Lfunc_end9-zc_mix
	.cfi_endproc

	.section	.text.main,"ax",@progbits
	.globl	main
	.p2align	4
	.type	main,@function
main:
	.cfi_startproc
	pushq	%rax
	.cfi_def_cfa_offset 16
	movq	%rsi, %rcx
	movslq	%edi, %rdx
	leaq	_ZN9zero_cost4main17h1b5b4db35f20f917E(%rip), %rax
	movq	%rax, (%rsp)
	leaq	.Lanon.fe2c8c414b93f38185f228b91f69b2bf.0(%rip), %rsi
	movq	%rsp, %rdi
	xorl	%r8d, %r8d
	callq	*_RNvNtCsjrHSEGnQ3l9_3std2rt19lang_start_internal@GOTPCREL(%rip)
	popq	%rcx
	.cfi_def_cfa_offset 8
	retq
.Lfunc_end10:
	.size	main, .Lfunc_end10-main
	.cfi_endproc

	.type	.Lanon.fe2c8c414b93f38185f228b91f69b2bf.0,@object
	.section	.data.rel.ro..Lanon.fe2c8c414b93f38185f228b91f69b2bf.0,"aw",@progbits
	.p2align	3, 0x0
.Lanon.fe2c8c414b93f38185f228b91f69b2bf.0:
	.asciz	"\000\000\000\000\000\000\000\000\b\000\000\000\000\000\000\000\b\000\000\000\000\000\000"
	.quad	_ZN4core3ops8function6FnOnce40call_once$u7b$$u7b$vtable.shim$u7d$$u7d$17h31a7af7db18186c0E
	.quad	_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h4e7f8e2ee6f99605E
	.quad	_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h4e7f8e2ee6f99605E
	.size	.Lanon.fe2c8c414b93f38185f228b91f69b2bf.0, 48

	.type	_ZN9zero_cost5STATE17hc28140ecbe86f4fbE,@object
	.section	.data._ZN9zero_cost5STATE17hc28140ecbe86f4fbE,"aw",@progbits
	.p2align	3, 0x0
_ZN9zero_cost5STATE17hc28140ecbe86f4fbE:
	.asciz	"\000\000\000\000\000\000\000\200\000\000\000\000\000\000\000"
	.size	_ZN9zero_cost5STATE17hc28140ecbe86f4fbE, 16

	.ident	"rustc version 1.95.0 (59807616e 2026-04-14)"
	.section	".note.GNU-stack","",@progbits

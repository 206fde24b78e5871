/* panic.c — a broken internal invariant: print the guest state and a host backtrace, exit 1. */
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <stdarg.h>
#include <stdlib.h>
#include "cpu.h"

static void backtrace_host(void)
{
	unw_context_t ctx;
	unw_cursor_t cur;
	if (unw_getcontext(&ctx) || unw_init_local(&cur, &ctx))
		return;
	fprintf(stderr, "host backtrace:\n");
	for (int depth = 0; depth < 64 && unw_step(&cur) > 0; depth++) {
		char name[256];
		unw_word_t off = 0, ip = 0;
		unw_get_reg(&cur, UNW_REG_IP, &ip);
		if (unw_get_proc_name(&cur, name, sizeof name, &off))
			snprintf(name, sizeof name, "?");
		fprintf(stderr, "  #%-2d 0x%012lx %s+0x%lx\n", depth, (unsigned long)ip, name,
			(unsigned long)off);
	}
}

_Noreturn void cpu_panic(const struct cpu *c, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "tenvm: panic: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (c) {
		fprintf(stderr, "guest: PC %06o (instruction at %06o) flags %06o %s mode, %llu instructions\n",
			c->pc, c->ipc, c->flags, c->umode ? "user" : "exec",
			(unsigned long long)cpu_insns(c));
		for (int i = 0; i < 16; i += 4)
			fprintf(stderr, "  AC%-2o %012llo %012llo %012llo %012llo\n", i,
				(unsigned long long)c->mem[i], (unsigned long long)c->mem[i + 1],
				(unsigned long long)c->mem[i + 2], (unsigned long long)c->mem[i + 3]);
	}
	backtrace_host();
	exit(1);
}

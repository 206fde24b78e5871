/* console_cmds.c — the console's commands: examine, deposit, registers, breakpoints, step, history, save. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "asm.h"
#include "console.h"
#include "disasm.h"
#include "isa.h"

const char console_help[] =
	"\nconsole commands (`run --console`, Ctrl-E, Ctrl-C; numbers and addresses\n"
	"octal, counts decimal; ADDR may be pc):\n"
	"  examine|e ADDR[-ADDR]   words as octal and as instructions (0-17: the ACs)\n"
	"  deposit|d ADDR WORD     store an octal word, or an instruction: d 100 MOVEI 1,5\n"
	"  registers|r             PC, flags, APR, PI and TTY; under a monitor the virtual\n"
	"                          KA10 the guest believes in beside the real one\n"
	"  where|w                 the next instruction\n"
	"  break|b ADDR            stop before the instruction at ADDR\n"
	"  break EVENT             stop at an event: trap, callout, inline, crit, intr,\n"
	"                          vmode (the virtual mode changes), turn (a VM's turn)\n"
	"  break store ADDR        stop after an instruction changes the word at ADDR\n"
	"  breaks                  list the breakpoints\n"
	"  delete N|all            remove breakpoint N, or all\n"
	"  step|s [N]              run N instructions (default 1) and stop\n"
	"  continue|c              run until a breakpoint, a halt, Ctrl-E or Ctrl-C\n"
	"  history [N]             the last N instructions and events (default 20)\n"
	"  history on|off          record every instruction too (slower), or events only\n"
	"  trace EVENTS|off        print events while running: insn, trap, callout,\n"
	"                          inline, crit, intr, vmode, turn, store or all\n"
	"  save FILE               write the machine (registers and memory) to FILE\n"
	"  restore FILE            read it back\n"
	"  vm [N]                  list the VMs, or examine VM N from now on\n"
	"  help|?                  this list\n"
	"  quit|q                  end the run (what --state and --stats ask is printed)\n";

/* The word at a, or NULL past the machine. */
static int parse_addr(const struct cpu *c, const char *s, addr *a)
{
	uint64_t v;
	if (!strcmp(s, "pc") || !strcmp(s, "PC")) {
		*a = c->pc;
		return 0;
	}
	if (cli_parse_num(s, 8, RH_MASK, &v))
		return -1;
	*a = (addr)v;
	return 0;
}

/* Store w at guest address a of the machine being examined, as the guest's
 * own store would (translated code from that word is dropped). */
static void poke(struct watch *w, addr a, word val)
{
	struct session *s = w->s;
	struct cpu *c = s->c;
	c->mem[a] = val & W_MASK;
	if (c->codemap[a] && c->smc_hook)
		c->smc_hook(c, a);
	if (s->vmm && s->vm->base == 0 && a < 16 && s->vmm->acs0_saved)
		s->vmm->acs0[a] = val & W_MASK;
}

static void show_word(const struct cpu *c, addr a)
{
	char buf[96];
	word v = c->mem[a];
	printf("%06o/ %012" PRIo64 "  %s\n", a, v, disasm(v, buf, sizeof buf));
}

static void cmd_examine(struct watch *w, char *arg)
{
	const struct cpu *c = w->s->c;
	char *dash = arg ? strchr(arg, '-') : NULL;
	addr lo, hi;
	if (dash)
		*dash = 0;
	if (!arg || parse_addr(c, arg, &lo) || (dash ? parse_addr(c, dash + 1, &hi) : (hi = lo, 0)) || hi < lo) {
		printf("examine takes ADDR or ADDR-ADDR (octal)\n");
		return;
	}
	for (uint64_t a = lo; a <= hi; a++) {
		if (a >= c->memsize) {
			printf("%06o: beyond the machine's memory\n", (addr)a);
			return;
		}
		show_word(c, (addr)a);
	}
}

static void cmd_deposit(struct watch *w, char *arg, char *rest)
{
	const struct cpu *c = w->s->c;
	addr a;
	uint64_t v;
	char err[160];
	if (!arg || !rest || !*rest || parse_addr(c, arg, &a)) {
		printf("deposit takes ADDR and an octal word or an instruction\n");
		return;
	}
	if (a >= c->memsize) {
		printf("%06o: beyond the machine's memory\n", a);
		return;
	}
	if (cli_parse_num(rest, 8, W_MASK, &v)) {
		word iw;
		if (asm_line(rest, a, &iw, err, sizeof err)) {
			printf("cannot assemble '%s': %s\n", rest, err);
			return;
		}
		v = iw;
	}
	poke(w, a, v);
	show_word(c, a);
}

static void cmd_where(struct watch *w)
{
	const struct cpu *c = w->s->c;
	char buf[96];
	word ir = c->pc < c->memsize ? c->mem[c->pc] : 0;
	printf("PC %06o  %012" PRIo64 "  %s  (%s mode, %" PRIu64 " instructions)\n", c->pc, ir,
	       disasm(ir, buf, sizeof buf), c->flags & F_USER ? "user" : "exec", cpu_insns(c));
}

/* The registers of c, one line each, into lines[]; returns the count. */
static int reg_lines(const struct cpu *c, char lines[][48])
{
	const struct apr *a = &c->apr;
	const struct pi *p = &c->pi;
	const struct tty *t = &c->tty;
	int n = 0;
	snprintf(lines[n++], 48, "%06o", c->pc);
	snprintf(lines[n++], 48, "%06o %s%s", c->flags, c->flags & F_USER ? "user" : "exec",
		 c->flags & F_USERIO ? " userio" : "");
	snprintf(lines[n++], 48, "%012" PRIo64, a->datao);
	snprintf(lines[n++], 48, "pia %o clk %d/%d ov %d fov %d", a->pia, a->clk_en, a->clk_flag, a->ov_en, a->fov_en);
	snprintf(lines[n++], 48, "nxm %d prot %d pdlov %d", a->nxm, a->prot, a->pdlov);
	snprintf(lines[n++], 48, "%s enabled %03o hold %03o", p->on ? "on " : "off", p->enabled, p->hold);
	snprintf(lines[n++], 48, "req %03o pending %o", p->prog_req, p->pending);
	snprintf(lines[n++], 48, "pia %o out %d/%d in %d/%d", t->pia, t->out_busy, t->out_done, t->in_busy, t->in_done);
	snprintf(lines[n++], 48, "%" PRIu64, cpu_insns(c));
	return n;
}

static void cmd_registers(struct watch *w)
{
	static const char *const names[] = { "PC", "FLAGS", "APR", "", "", "PI", "", "TTY", "INSNS" };
	struct session *s = w->s;
	char v[9][48], r[9][48];
	int n = reg_lines(s->c, v);
	if (s->vmm) {
		reg_lines(s->real, r);
		printf("%-6s %-34s %s\n", "", "virtual (the guest's KA10)", "real (the monitor's)");
	}
	for (int i = 0; i < n; i++)
		if (s->vmm)
			printf("%-6s %-34s %s\n", names[i], v[i], r[i]);
		else
			printf("%-6s %s\n", names[i], v[i]);
}

static void cmd_break(struct watch *w, char *arg, char *rest)
{
	const struct cpu *c = w->s->c;
	struct breakpoint b = { 0 };
	unsigned mask;
	if (!arg) {
		printf("break takes ADDR, an event or store ADDR\n");
		return;
	}
	if (!strcmp(arg, "store")) {
		if (!rest || parse_addr(c, rest, &b.a) || b.a >= c->memsize) {
			printf("break store takes an address in memory\n");
			return;
		}
		b.kind = BP_STORE;
		b.last = c->mem[b.a];
	} else if (!ev_parse_mask(arg, &mask) && mask && !(mask & (mask - 1)) && !(mask & 1u << EV_INSN) &&
		   !(mask & 1u << EV_STORE)) {
		b.kind = BP_EVENT;
		b.ev = (enum ev_kind)__builtin_ctz(mask);
	} else if (!parse_addr(c, arg, &b.a)) {
		b.kind = BP_ADDR;
	} else {
		printf("unknown breakpoint '%s' (ADDR, trap, callout, inline, crit, intr, vmode, turn, store ADDR)\n", arg);
		return;
	}
	if (w->nbp == WATCH_MAX_BP) {
		printf("at most %d breakpoints\n", WATCH_MAX_BP);
		return;
	}
	w->bp[w->nbp++] = b;
	printf("breakpoint %d\n", w->nbp);
	watch_update(w);
}

static void cmd_breaks(struct watch *w)
{
	for (int i = 0; i < w->nbp; i++) {
		const struct breakpoint *b = &w->bp[i];
		if (b->kind == BP_ADDR)
			printf("%2d  at %06o\n", i + 1, b->a);
		else if (b->kind == BP_STORE)
			printf("%2d  store %06o\n", i + 1, b->a);
		else
			printf("%2d  event %s\n", i + 1, ev_name(b->ev));
	}
	if (!w->nbp)
		printf("no breakpoints\n");
}

static void cmd_delete(struct watch *w, char *arg)
{
	uint64_t n;
	if (arg && !strcmp(arg, "all")) {
		w->nbp = 0;
	} else if (arg && !cli_parse_num(arg, 10, (uint64_t)w->nbp, &n) && n) {
		memmove(&w->bp[n - 1], &w->bp[n], (size_t)(w->nbp - (int)n) * sizeof w->bp[0]);
		w->nbp--;
	} else {
		printf("delete takes a breakpoint number (see breaks) or all\n");
		return;
	}
	watch_update(w);
}

/* ---- save and restore ---- */

#define SAVE_MAGIC "tenvm machine 1\n"

static void cmd_save(struct watch *w, const char *file, int restore)
{
	struct cpu *c = w->s->c;
	FILE *f = file ? fopen(file, restore ? "rb" : "wb") : NULL;
	if (!f) {
		printf("cannot open %s\n", file ? file : "(no FILE given)");
		return;
	}
	char magic[sizeof SAVE_MAGIC] = SAVE_MAGIC;
	addr memsize = c->memsize;
	struct { addr pc; uint32_t flags; struct apr apr; struct pi pi; uint64_t cycles, stalls, clock_next; } r;
	if (!restore) {
		r.pc = c->pc, r.flags = c->flags, r.apr = c->apr, r.pi = c->pi;
		r.cycles = c->cycles, r.stalls = c->stalls, r.clock_next = c->clock_next;
		int ok = fwrite(magic, sizeof magic, 1, f) == 1 && fwrite(&memsize, sizeof memsize, 1, f) == 1 &&
			 fwrite(&r, sizeof r, 1, f) == 1 && fwrite(c->mem, sizeof(word), memsize, f) == memsize;
		if (fclose(f) || !ok)
			printf("cannot write %s\n", file);
		else
			printf("saved %uK words and the registers to %s\n", memsize >> 10, file);
		return;
	}
	word *mem = malloc(c->memsize * sizeof(word));
	int ok = mem && fread(magic, sizeof magic, 1, f) == 1 && !memcmp(magic, SAVE_MAGIC, sizeof magic) &&
		 fread(&memsize, sizeof memsize, 1, f) == 1 && memsize == c->memsize &&
		 fread(&r, sizeof r, 1, f) == 1 && fread(mem, sizeof(word), memsize, f) == memsize;
	fclose(f);
	if (!ok) {
		printf("%s is not a save of this machine (%uK words)\n", file, c->memsize >> 10);
		free(mem);
		return;
	}
	for (addr a = 0; a < memsize; a++)
		if (mem[a] != c->mem[a])
			poke(w, a, mem[a]);
	free(mem);
	cpu_set_flags(c, r.flags);
	c->pc = r.pc, c->apr = r.apr, c->pi = r.pi;
	c->cycles = r.cycles, c->stalls = r.stalls, c->clock_next = r.clock_next;
	cpu_schedule(c);
	printf("restored from %s\n", file);
}

static void cmd_vm(struct watch *w, char *arg)
{
	struct session *s = w->s;
	uint64_t n;
	if (!s->vmm) {
		printf("the bare machine has no VMs\n");
		return;
	}
	if (arg) {
		if (cli_parse_num(arg, 10, (uint64_t)s->vmm->nvm, &n) || !n) {
			printf("vm takes a number from 1 to %d\n", s->vmm->nvm);
			return;
		}
		s->vm = s->vmm->vm[n - 1];
		s->c = s->vm->v;
	}
	for (int i = 0; i < s->vmm->nvm; i++) {
		const struct vm *vm = s->vmm->vm[i];
		printf("%c VM %d: %s at PC %06o, %" PRIu64 " instructions, real %06o-%06o\n",
		       vm == s->vm ? '*' : ' ', i + 1, vm->stop ? cli_stop_name(vm->stop) : "running",
		       vm->v->pc, vm_insns(vm), vm->base, vm->base + vm->size - 1);
	}
}

static int cmd_run(struct watch *w, char *arg, int stepping)
{
	uint64_t n = 1;
	if (arg && (cli_parse_num(arg, 10, UINT64_MAX / 4, &n) || !n)) {
		printf("step takes a positive decimal count\n");
		return 0;
	}
	struct session *s = w->s;
	if (s->vmm ? s->vm->stop != STOP_NONE : session_done(s)) {
		printf("the guest has %s: nothing to run\n", cli_stop_name(s->vmm ? s->vm->stop : s->stop));
		return 0;
	}
	w->steps = stepping ? n + 1 : 0;
	return 1;
}

int console_command(struct watch *w, char *line)
{
	char *save = NULL;
	char *cmd = strtok_r(line, " \t", &save);
	char *arg = cmd ? strtok_r(NULL, " \t", &save) : NULL;
	char *rest = save && *save ? save + strspn(save, " \t") : NULL;
	if (!cmd)
		return 0;
	if (!strcmp(cmd, "examine") || !strcmp(cmd, "e"))
		cmd_examine(w, arg);
	else if (!strcmp(cmd, "deposit") || !strcmp(cmd, "d"))
		cmd_deposit(w, arg, rest);
	else if (!strcmp(cmd, "registers") || !strcmp(cmd, "r"))
		cmd_registers(w);
	else if (!strcmp(cmd, "where") || !strcmp(cmd, "w"))
		cmd_where(w);
	else if (!strcmp(cmd, "break") || !strcmp(cmd, "b"))
		cmd_break(w, arg, rest);
	else if (!strcmp(cmd, "breaks"))
		cmd_breaks(w);
	else if (!strcmp(cmd, "delete"))
		cmd_delete(w, arg);
	else if (!strcmp(cmd, "step") || !strcmp(cmd, "s"))
		return cmd_run(w, arg, 1);
	else if (!strcmp(cmd, "continue") || !strcmp(cmd, "c"))
		return cmd_run(w, NULL, 0);
	else if (!strcmp(cmd, "history") && arg && (!strcmp(arg, "on") || !strcmp(arg, "off"))) {
		w->ring_insns = !strcmp(arg, "on");
		watch_update(w);
	} else if (!strcmp(cmd, "history")) {
		uint64_t n = 20;
		if (arg && cli_parse_num(arg, 10, w->ring_size, &n))
			printf("history takes a count up to %zu, on or off\n", w->ring_size);
		else
			watch_history(w, stdout, (size_t)n);
	} else if (!strcmp(cmd, "trace")) {
		unsigned mask;
		if (arg && !strcmp(arg, "off")) {
			w->trace = NULL;
		} else if (arg && !ev_parse_mask(arg, &mask) && mask) {
			w->trace = stdout;
			w->trace_mask = mask;
			w->trace_from = 0;
			w->trace_count = UINT64_MAX;
		} else {
			printf("trace takes off, all, or a list of insn, trap, callout, inline, crit, intr, vmode, turn, store\n");
		}
		watch_update(w);
	} else if (!strcmp(cmd, "save") || !strcmp(cmd, "restore"))
		cmd_save(w, arg, !strcmp(cmd, "restore"));
	else if (!strcmp(cmd, "vm"))
		cmd_vm(w, arg);
	else if (!strcmp(cmd, "help") || !strcmp(cmd, "?"))
		fputs(console_help, stdout);
	else if (!strcmp(cmd, "quit") || !strcmp(cmd, "q") || !strcmp(cmd, "exit"))
		return 2;
	else
		printf("unknown command '%s' (help lists them)\n", cmd);
	return 0;
}

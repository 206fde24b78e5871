/* watch.c — the event watcher of a run: trace lines, breakpoints, stepping, the history ring, leak counts. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "disasm.h"
#include "watch.h"

int watch_vm_of(const struct watch *w, const struct cpu *c)
{
	const struct vmm *m = w->s->vmm;
	if (!m)
		return -1;
	if (c == m->real)
		return m->cur ? m->cur->id : -1;
	for (int i = 0; i < m->nvm; i++)
		if (m->vm[i]->v == c)
			return i;
	return -1;
}

/* The guest's own mode (the virtual one under a monitor): 1 for user. */
static int guest_user(const struct watch *w, const struct cpu *c, int vm)
{
	if (w->s->vmm && vm >= 0)
		return (w->s->vmm->vm[vm]->v->flags & F_USER) != 0;
	return (c->flags & F_USER) != 0;
}

/* The word at guest address a of machine c (ACs included), or 0 beyond it. */
static word peek(const struct cpu *c, addr a)
{
	return a < c->memsize ? c->mem[a] : 0;
}

/* Ask the run to stop, saying why (the first reason stays). */
static void __attribute__((format(printf, 2, 3))) stopped(struct watch *w, const char *fmt, ...)
{
	if (!w->h.brk) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(w->why, sizeof w->why, fmt, ap);
		va_end(ap);
	}
	w->h.brk = 1;
}

static void count_leak(struct watch *w, addr pc, word ir)
{
	for (int i = 0; i < w->nleaks; i++)
		if (w->leaks[i].pc == pc && w->leaks[i].ir == ir) {
			w->leaks[i].count++;
			return;
		}
	if (w->nleaks == WATCH_MAX_LEAKS) {
		w->leaks_dropped++;
		return;
	}
	w->leaks[w->nleaks++] = (struct leak){ pc, ir, 1 };
}

static int in_window(const struct watch *w)
{
	return w->n >= w->trace_from && w->n - w->trace_from < w->trace_count;
}

/* Everything a watcher does with one event (the hook's function). */
static void on_event(struct ev_hook *h, const struct ev *e)
{
	struct watch *w = (struct watch *)h;
	int vm = watch_vm_of(w, e->c);
	struct hist_rec r = { .kind = e->kind, .pc = e->pc, .ir = e->ir, .arg = e->arg,
			      .emulated = e->emulated, .vm = vm, .user = guest_user(w, e->c, vm), .n = w->n };
	int primary = e->kind == EV_INSN && !e->emulated;
	if (primary) {
		/* A watched word that changed was stored by the instruction before. */
		for (int i = 0; i < w->nbp; i++) {
			struct breakpoint *b = &w->bp[i];
			word now = b->kind == BP_STORE ? peek(w->s->c, b->a) : 0;
			if (b->kind == BP_STORE && now != b->last) {
				b->last = now;
				struct ev st = { .kind = EV_STORE, .c = e->c, .pc = w->last_pc, .arg = b->a };
				on_event(h, &st);
				stopped(w, "store to %06o by the instruction at %06o", b->a, w->last_pc);
			}
		}
		if (w->steps && --w->steps == 0)
			stopped(w, "stepped to %06o", e->pc);
		for (int i = 0; i < w->nbp && !w->skip; i++)
			if (w->bp[i].kind == BP_ADDR && w->bp[i].a == e->pc)
				stopped(w, "breakpoint at %06o", e->pc);
		w->skip = 0;
		if (w->h.brk) {
			/* Not run: it is the next instruction, counted when it does. */
			return;
		}
	}
	if (e->kind != EV_INSN && e->kind != EV_STORE)
		for (int i = 0; i < w->nbp; i++)
			if (w->bp[i].kind == BP_EVENT && w->bp[i].ev == e->kind)
				stopped(w, "event %s at %06o%s%.0d", ev_name(e->kind), e->pc,
					vm >= 0 ? " in VM " : "", vm >= 0 ? vm + 1 : 0);
	if (w->trace && (w->trace_mask & (1u << e->kind)) && in_window(w))
		watch_print(w, w->trace, &r);
	if (w->ring && (e->kind != EV_INSN || w->ring_insns)) {
		w->ring[w->ring_next] = r;
		w->ring_next = (w->ring_next + 1) % w->ring_size;
		if (w->ring_len < w->ring_size)
			w->ring_len++;
	}
	if (primary) {
		w->n++;
		w->last_pc = e->pc;
		struct vmm *m = w->s->vmm;
		if (m && vmm_leaks(m->real, e->ir)) {
			if (w->count_leaks)
				count_leak(w, e->pc, e->ir);
			ev_report(e->c, EV_CRIT, e->pc, e->ir, 0);
		}
		if (w->trace && w->n == w->trace_from + w->trace_count)
			watch_update(w);   /* the window is over: stop stepping if nothing else needs it */
	}
}

void watch_print(const struct watch *w, FILE *f, const struct hist_rec *r)
{
	char buf[96], vmtag[16] = "";
	if (w->s->vmm && w->s->vmm->nvm > 1 && r->vm >= 0)
		snprintf(vmtag, sizeof vmtag, "vm%d ", r->vm + 1);
	static const char *const tk[] = { "none", "uuo", "fault", "time", "vmx" };
	switch (r->kind) {
	case EV_INSN:
		fprintf(f, "%s%06o: %012" PRIo64 "  %-28s %s%s\n", vmtag, r->pc, r->ir,
			disasm(r->ir, buf, sizeof buf), r->user ? "user" : "exec",
			r->emulated ? "  = emulated by the monitor" : "");
		break;
	case EV_TRAP:
		fprintf(f, "%s  >> trap %s at %06o: %s\n", vmtag, r->arg < sizeof tk / sizeof *tk ? tk[r->arg] : "?", r->pc,
			r->arg == TK_UUO || r->arg == TK_VMX ? disasm(r->ir, buf, sizeof buf) : "");
		break;
	case EV_CALLOUT:
	case EV_INLINE:
	case EV_CRIT:
		fprintf(f, "%s  >> %s at %06o: %s%s\n", vmtag,
			r->kind == EV_CALLOUT ? "callout" : r->kind == EV_INLINE ? "inline rewrite" : "crit LEAK",
			r->pc, disasm(r->ir, buf, sizeof buf),
			r->kind == EV_CRIT ? " ran in real user mode for virtual exec mode" : "");
		break;
	case EV_INTR:
		fprintf(f, "%s  >> interrupt level %u before %06o: %s\n", vmtag, r->arg, r->pc,
			disasm(r->ir, buf, sizeof buf));
		break;
	case EV_VMODE:
		fprintf(f, "%s  >> vmode: the virtual machine is now in %s mode, at %06o\n", vmtag,
			r->arg ? "user" : "exec", r->pc);
		break;
	case EV_TURN:
		fprintf(f, "  >> turn: VM %u runs, at %06o\n", r->arg + 1, r->pc);
		break;
	case EV_STORE:
		fprintf(f, "%s  >> store to %06o by the instruction at %06o\n", vmtag, r->arg, r->pc);
		break;
	default:
		break;
	}
}

void watch_history(const struct watch *w, FILE *f, size_t n)
{
	if (n > w->ring_len)
		n = w->ring_len;
	for (size_t i = 0; i < n; i++) {
		size_t k = (w->ring_next + w->ring_size - n + i) % w->ring_size;
		fprintf(f, "%10" PRIu64 "  ", w->ring[k].n);
		watch_print(w, f, &w->ring[k]);
	}
}

void watch_update(struct watch *w)
{
	int need = w->steps || w->count_leaks || w->ring_insns ||
		   (w->trace && (w->trace_mask & (1u << EV_INSN | 1u << EV_CRIT | 1u << EV_STORE)) &&
		    w->n < w->trace_from + w->trace_count);
	for (int i = 0; i < w->nbp; i++)
		if (w->bp[i].kind != BP_EVENT || w->bp[i].ev == EV_CRIT)
			need = 1;
	w->h.step = need;
	w->h.mask = need || w->ring || w->trace || w->nbp ? EV_ALL : 0;
	struct session *s = w->s;
	if (s->vmm) {
		for (int i = 0; i < s->vmm->nvm; i++)
			cpu_schedule(s->vmm->vm[i]->v);
		cpu_schedule(s->real);
	} else {
		cpu_schedule(s->c);
	}
}

void watch_resume(struct watch *w)
{
	w->h.brk = 0;
	w->skip = 1;
	w->why[0] = 0;
	struct session *s = w->s;
	for (int i = 0; i < w->nbp; i++)
		if (w->bp[i].kind == BP_STORE)
			w->bp[i].last = peek(s->c, w->bp[i].a);
	watch_update(w);
}

static void set_hook(struct session *s, struct ev_hook *h)
{
	if (s->vmm) {
		s->real->hook = h;
		for (int i = 0; i < s->vmm->nvm; i++)
			s->vmm->vm[i]->v->hook = h;
	} else {
		s->c->hook = h;
	}
}

int watch_attach(struct watch *w, struct session *s, size_t ring_size)
{
	*w = (struct watch){ .s = s, .trace_count = UINT64_MAX };
	w->h.fn = on_event;
	w->h.primary = s->vmm ? s->real : s->c;
	if (ring_size) {
		w->ring = calloc(ring_size, sizeof *w->ring);
		if (!w->ring)
			return -1;
		w->ring_size = ring_size;
	}
	set_hook(s, &w->h);
	watch_update(w);
	return 0;
}

void watch_detach(struct watch *w)
{
	if (w->s)
		set_hook(w->s, NULL);
	free(w->ring);
	w->ring = NULL;
}

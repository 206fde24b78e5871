/* trace.c — reporting events to a machine's hook, and stopping a run for it. */
#include <string.h>
#include "cpu.h"

static const char *const names[EV_N] = {
	"insn", "trap", "callout", "inline", "crit", "intr", "vmode", "turn", "store",
};

const char *ev_name(enum ev_kind k) { return k < EV_N ? names[k] : "?"; }

int ev_parse_mask(const char *list, unsigned *mask)
{
	unsigned m = 0;
	while (*list) {
		size_t n = strcspn(list, ",");
		int found = 0;
		if (n == 3 && !strncmp(list, "all", 3)) {
			m = EV_ALL;
			found = 1;
		}
		for (int k = 0; k < EV_N && !found; k++)
			if (strlen(names[k]) == n && !strncmp(list, names[k], n)) {
				m |= 1u << k;
				found = 1;
			}
		if (!found)
			return -1;
		list += n;
		if (*list == ',')
			list++;
	}
	*mask = m;
	return 0;
}

void ev_stop(struct ev_hook *h)
{
	h->brk = 1;
	if (h->primary)
		h->primary->event_at = 0;     /* cpu_events at the next boundary sees brk */
}

int ev_deliver(struct cpu *c, enum ev_kind k, addr pc, word ir, unsigned arg)
{
	struct ev_hook *h = c->hook;
	if (!h)
		return 0;
	if (h->mask & (1u << k)) {
		struct ev e = { .kind = k, .c = c, .pc = pc, .ir = ir, .arg = arg };
		h->fn(h, &e);
	}
	if (h->brk)
		ev_stop(h);
	return h->brk;
}

int ev_insn(struct cpu *c, word ir)
{
	struct ev_hook *h = c->hook;
	if (!h->step)
		return 0;
	int emulated = c != h->primary;
	if (h->mask & (1u << EV_INSN)) {
		struct ev e = { .kind = EV_INSN, .c = c, .pc = c->ipc, .ir = ir, .emulated = emulated };
		h->fn(h, &e);
	}
	if (!h->brk || emulated)
		return 0;
	ev_stop(h);
	return 1;
}

/* ka10_shrink.c — reduce a case on which tenvm and the KA10 oracle differ to one instruction and the words it needs. */
#include <stdlib.h>
#include <string.h>
#include "isa.h"
#include "ka10_oracle.h"
#include "ka10_shrink.h"

#define MAX_SNAP 400u

/* Do tenvm's interpreter and the oracle agree on each of ks[0..n-1]?  diff[i] := 1 if not. */
static int differ(const char *bin, const struct ka10_case *ks, unsigned n, uint8_t *diff)
{
	struct ka10_state *o = calloc(n, sizeof *o), t;
	if (!o)
		return -1;
	int rc = ka10_oracle_run(bin, ks, n, o);
	for (unsigned i = 0; i < n && !rc; i++) {
		if (ka10_run(&ks[i], &ka10_engines[0], &t))
			rc = -1;
		else
			diff[i] = !ka10_same(&o[i], &t);
	}
	free(o);
	return rc;
}

/* The state of k after each of its first instructions, as cases that start there. */
static unsigned snapshots(const struct ka10_case *k, struct ka10_case *snap)
{
	struct cpu_config cfg = { .mem_kwords = 256, .tty_in_fd = -1 };
	struct cpu *c = cpu_new(&cfg);
	if (!c)
		return 0;
	for (unsigned i = 0; i < KA10_NREG; i++)
		c->mem[ka10_addr(i)] = k->init[i];
	c->pc = k->start;
	cpu_set_flags(c, k->flags);
	unsigned n = 0;
	while (n < MAX_SNAP) {
		struct ka10_case *s = &snap[n++];
		*s = *k;
		snprintf(s->name, sizeof s->name, "%.20s@%u", k->name, n - 1);
		for (unsigned i = 0; i < KA10_NREG; i++)
			s->init[i] = c->mem[ka10_addr(i)];
		s->start = c->pc;
		s->flags = c->flags;
		c->max_cycles = c->cycles + 1;
		cpu_schedule(c);
		if (interp_run(c) != STOP_BUDGET)
			break;
	}
	cpu_free(c);
	return n;
}

int ka10_shrink(const char *bin, const struct ka10_case *k, FILE *out)
{
	struct ka10_case *v = calloc(MAX_SNAP > KA10_NREG ? MAX_SNAP : KA10_NREG, sizeof *v);
	uint8_t *d = calloc(MAX_SNAP > KA10_NREG ? MAX_SNAP : KA10_NREG, 1);
	int rc = -1;
	if (!v || !d)
		goto out;
	/* The last instruction from which the rest of the run still differs. */
	unsigned n = snapshots(k, v);
	if (!n || differ(bin, v, n, d))
		goto out;
	unsigned s = n;
	while (s > 0 && !d[s - 1])
		s--;
	if (!s) {
		fprintf(out, "REPRO %s: no instruction to blame\n", k->name);
		rc = 0;
		goto out;
	}
	struct ka10_case one = v[s - 1];
	/* As one instruction at 1000 followed by a HALT, if it does not transfer. */
	word ir = one.init[ka10_index(one.start)];
	if (!(isa_class(ir) & (K_JUMP | K_SKIP | K_UUO))) {
		struct ka10_case t = one;
		t.init[ka10_index(01000)] = ir;
		t.init[ka10_index(01001)] = 0254200001001ULL;
		t.start = 01000;
		uint8_t td = 0;
		if (differ(bin, &t, 1, &td))
			goto out;
		if (td)
			one = t;
	}
	/* Every word that can go back to its default while the case still differs. */
	unsigned nv = 0;
	int idx[KA10_NREG];
	for (unsigned i = 0; i < KA10_NREG; i++) {
		addr a = ka10_addr(i);
		if (one.init[i] == ka10_default(a) || a == one.start || a == one.start + 1)
			continue;
		v[nv] = one;
		v[nv].init[i] = ka10_default(a);
		idx[nv++] = (int)i;
	}
	if (nv && differ(bin, v, nv, d))
		goto out;
	struct ka10_case small = one;
	for (unsigned j = 0; j < nv; j++)
		if (d[j])
			small.init[idx[j]] = ka10_default(ka10_addr((unsigned)idx[j]));
	uint8_t sd = 0;
	if (differ(bin, &small, 1, &sd))
		goto out;
	if (sd)
		one = small;
	struct ka10_state o, t;
	if (ka10_oracle_run(bin, &one, 1, &o) || ka10_run(&one, &ka10_engines[0], &t))
		goto out;
	fprintf(out, "REPRO %s (instruction %u of the run):\n", k->name, s - 1);
	ka10_list(out, &one);
	fprintf(out, "  differences:\n");
	ka10_diff(out, &one, &o, &t, "oracle", "tenvm");
	rc = 0;
out:
	free(v);
	free(d);
	return rc;
}

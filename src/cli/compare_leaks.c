/* compare_leaks.c — `compare --all`: every critical instruction the trap monitor let leak, by PC, with counts. */
#include <inttypes.h>
#include <stdlib.h>
#include "compare_impl.h"
#include "disasm.h"
#include "watch.h"

static int by_pc(const void *a, const void *b)
{
	const struct leak *x = a, *y = b;
	return x->pc != y->pc ? (x->pc > y->pc) - (x->pc < y->pc) : (x->ir > y->ir) - (x->ir < y->ir);
}

int cmp_leaks(const struct session_opts *o, const struct image *img, const char *file,
	      const struct cmp_input *in, FILE *f)
{
	struct tap t;
	int rc = tap_open(&t, o, VMM_TRAP, img, file, in);
	if (rc)
		return rc;
	struct watch *w = calloc(1, sizeof *w);
	if (!w || watch_attach(w, &t.s, 0)) {
		fprintf(stderr, "tenvm: out of memory\n");
		free(w);
		tap_close(&t);
		return EXIT_FAILURE_;
	}
	w->count_leaks = 1;
	watch_update(w);
	session_run(&t.s);
	qsort(w->leaks, (size_t)w->nleaks, sizeof w->leaks[0], by_pc);
	uint64_t total = w->leaks_dropped;
	for (int i = 0; i < w->nleaks; i++)
		total += w->leaks[i].count;
	fprintf(f, "\nCritical instructions the trap monitor let leak (run in real user mode for the\n"
		   "guest's virtual exec mode): %" PRIu64 " executions at %d address%s\n",
		total, w->nleaks, w->nleaks == 1 ? "" : "es");
	if (w->nleaks)
		fprintf(f, "  %-6s  %-28s %12s\n", "PC", "instruction", "count");
	char buf[96];
	for (int i = 0; i < w->nleaks; i++)
		fprintf(f, "  %06o  %-28s %12" PRIu64 "\n", w->leaks[i].pc,
			disasm(w->leaks[i].ir, buf, sizeof buf), w->leaks[i].count);
	if (w->leaks_dropped)
		fprintf(f, "  (%" PRIu64 " more at addresses past the first %d)\n", w->leaks_dropped,
			WATCH_MAX_LEAKS);
	watch_detach(w);
	free(w);
	tap_close(&t);
	return 0;
}

/* ka10_check.c — run the KA10 corpus (the .cases files of tests/ka10) on every tenvm engine and compare with the oracle's final states. */
/*
 * Usage: ka10_check [--dir DIR] [--engine NAME] [--backend NAME] [-v]
 *
 * Every case of the DIR/<category>.cases files (default tests/ka10) runs on each engine of
 * ka10_engines (interp, bt, ...; --engine: one of them; bt with the backend
 * --backend or $TENVM_BACKEND names, else the default one) from its initial
 * image and must end in the final state the KA10 oracle gave: halted or not,
 * PC, flags, every word of the compared region, and no other word changed.
 * Cases named in DIR/known-failures.txt (tenvm's known KA10 differences)
 * are counted apart, not as passes; one that now passes is reported so the
 * list can shrink.  Last line:
 *   "ka10_check: N runs (C cases x E engines): P passed, F failed, known KA10 differences: K"
 * Exit status: 0 no unexpected failure, 1 some, 2 bad corpus or usage.
 */
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include "ka10_case.h"
#include "tr.h"

static char **known;
static unsigned n_known;

/* Read DIR/known-failures.txt: a case name first on each line, # comments. */
static int read_known(const char *dir)
{
	char path[4096], line[512];
	snprintf(path, sizeof path, "%s/known-failures.txt", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, " \t\r\n#");
		if (!n)
			continue;
		char **k = realloc(known, (n_known + 1) * sizeof *known);
		if (!k || !(k[n_known] = strndup(line, n)))
			return fclose(f), -1;
		known = k;
		n_known++;
	}
	fclose(f);
	return 0;
}

static int is_known(const char *name)
{
	for (unsigned i = 0; i < n_known; i++)
		if (!strcmp(known[i], name))
			return 1;
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: ka10_check [--dir DIR] [--engine NAME] [--backend NAME] [-v]\n"
			"  (backends: %s)\n", tr_backend_names());
	exit(2);
}

int main(int argc, char **argv)
{
	const char *dir = "tests/ka10", *only = NULL;
	int verbose = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--engine") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--backend") && i + 1 < argc) {
			const struct tr_backend *b = tr_backend_named(argv[++i]);
			if (!b) {
				fprintf(stderr, "ka10_check: no backend %s (backends: %s)\n", argv[i],
					tr_backend_names());
				return 2;
			}
			tr_backend_use(b);
		}
		else
			usage();
	}
	unsigned ne = 0;
	for (unsigned e = 0; e < ka10_n_engines; e++)
		ne += !only || !strcmp(only, ka10_engines[e].name);
	if (!ne) {
		fprintf(stderr, "ka10_check: no engine %s\n", only);
		return 2;
	}
	if (read_known(dir)) {
		fprintf(stderr, "ka10_check: out of memory\n");
		return 2;
	}
	char pat[4096];
	snprintf(pat, sizeof pat, "%s/*.cases", dir);
	glob_t g;
	if (glob(pat, 0, NULL, &g) || !g.gl_pathc) {
		fprintf(stderr, "ka10_check: no %s\n", pat);
		return 2;
	}
	static struct ka10_case k;
	static struct ka10_state s;
	unsigned cases = 0, pass = 0, fail = 0, kn = 0, rc = 0;
	for (size_t p = 0; p < g.gl_pathc && !rc; p++) {
		FILE *f = fopen(g.gl_pathv[p], "r");
		if (!f) {
			perror(g.gl_pathv[p]);
			rc = 2;
			break;
		}
		unsigned line = 0;
		int r;
		while ((r = ka10_read(f, g.gl_pathv[p], &line, &k)) == 1) {
			cases++;
			int kno = is_known(k.name);
			for (unsigned e = 0; e < ka10_n_engines; e++) {
				const struct ka10_engine *en = &ka10_engines[e];
				if (only && strcmp(only, en->name))
					continue;
				if (ka10_run(&k, en, &s)) {
					fprintf(stderr, "ka10_check: out of memory\n");
					return 2;
				}
				int ok = ka10_same(&k.want, &s);
				if (ok && !kno) {
					pass++;
				} else if (ok) {
					pass++;
					printf("now passes on %s (remove it from known-failures.txt): %s\n",
					       en->name, k.name);
				} else if (kno) {
					kn++;
				} else {
					if (fail++ < 10 || verbose) {
						printf("FAIL %s on %s (%s)\n", k.name, en->name, g.gl_pathv[p]);
						ka10_list(stdout, &k);
						printf("  differences:\n");
						ka10_diff(stdout, &k, &k.want, &s, "KA10", en->name);
					}
				}
			}
		}
		fclose(f);
		if (r < 0)
			rc = 2;
	}
	globfree(&g);
	for (unsigned i = 0; i < n_known; i++)
		free(known[i]);
	free(known);
	printf("ka10_check: %u runs (%u cases x %u engines, bt backend %s): %u passed, %u failed, "
	       "known KA10 differences: %u\n", pass + fail + kn, cases, ne, tr_backend_default()->name,
	       pass, fail, kn);
	return rc ? (int)rc : fail ? 1 : 0;
}

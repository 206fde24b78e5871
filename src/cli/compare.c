/* compare.c — `tenvm compare`: one guest in bare, trap, assist and hybrid mode, side by side.
 *
 * Each mode runs the guest once through, timed, for its outcome and statistics.
 * Then, for trap, assist and hybrid, the first divergence from bare is found: runs are
 * deterministic and every machine can be stopped at an exact cycle and resumed
 * (session_run_until), so a bare machine and the mode's machine run side by side
 * from the start and their guest-visible states are compared at checkpoints;
 * at the first checkpoint where they differ, both are run again from the start
 * to the last equal checkpoint and compared at checkpoints 32 times finer, and
 * so on down to single instructions.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "compare_impl.h"
#include "help.h"
#include "loader.h"
#include "output.h"


/* ---- the command ---- */

/* All of stdin (nothing if it is a terminal). */
static int read_stdin(uint8_t **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	if (isatty(0))
		return 0;
	size_t cap = 0;
	for (;;) {
		if (*len == cap) {
			if (cap >= LOADER_MAX_FILE)
				break;
			cap = cap ? cap * 2 : 4096;
			uint8_t *p = realloc(*buf, cap);
			if (!p)
				return -1;
			*buf = p;
		}
		ssize_t n = read(0, *buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	return 0;
}

int compare_main(int argc, char **argv)
{
	struct session_opts o;
	session_defaults(&o);
	const char *file = NULL, *json = NULL, *v;
	int rc, all = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(compare_help, stdout);
			return 0;
		} else if ((rc = session_option(argc, argv, &i, &o))) {
			if (rc != 1)
				return rc;
		} else if (!strcmp(a, "--all")) {
			all = 1;
		} else if ((v = cli_opt_value(argc, argv, &i, "--json"))) {
			json = v;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("unknown or incomplete option '%s'", a);
		} else if (file) {
			return cli_usage_error("compare takes one FILE; '%s' is one too many", a);
		} else {
			file = a;
		}
	}
	if (!file)
		return cli_usage_error("%s", "compare needs a FILE");
	struct image *img = session_load(file, &o);
	if (!img)
		return EXIT_USAGE;
	FILE *json_f = NULL;
	if (json && !(json_f = fopen(json, "w"))) {     /* before the runs, not after */
		fprintf(stderr, "tenvm: cannot write %s: %s\n", json, strerror(errno));
		image_free(img);
		return EXIT_FAILURE_;
	}
	uint8_t *inbuf;
	size_t inlen;
	if (read_stdin(&inbuf, &inlen)) {
		image_free(img);
		if (json_f)
			fclose(json_f);
		fprintf(stderr, "tenvm: out of memory\n");
		return EXIT_FAILURE_;
	}
	struct cmp_input in = { inbuf, inlen };
	static const int modes[NMODES] = { SESSION_BARE, VMM_TRAP, VMM_ASSIST, VMM_HYBRID };
	struct cmp_run runs[NMODES] = { 0 };
	rc = 0;
	for (int i = 0; i < NMODES && !rc; i++) {
		struct session_opts mo = o;
		mo.mode = modes[i];
		rc = cmp_run_mode(&mo, img, file, &in, &runs[i]);
	}
	for (int i = 1; i < NMODES && !rc; i++) {
		struct session_opts mo = o;
		mo.mode = modes[i];
		uint64_t span = runs[i].cycles < runs[0].cycles ? runs[i].cycles : runs[0].cycles;
		uint64_t end = runs[i].cycles > runs[0].cycles ? runs[i].cycles : runs[0].cycles;
		rc = cmp_find_divergence(&mo, img, file, &in, span, end, &runs[i].div);
		/* Equality is claimed only where the ends were seen equal too. */
		if (!rc && runs[i].div.found == 0 && !cmp_same_end(&runs[0], &runs[i]))
			runs[i].div.found = -1;
	}
	if (!rc) {
		cmp_report(stdout, file, &o, inlen, runs);
		if (all)
			rc = cmp_leaks(&o, img, file, &in, stdout);
		fflush(stdout);
	}
	if (json_f) {
		if (!rc)
			cmp_write_json(json_f, file, &o, inlen, runs);
		if (cli_fclose(json_f, json) && !rc)
			rc = EXIT_FAILURE_;
	}
	for (int i = 0; i < NMODES; i++)
		cmp_run_free(&runs[i]);
	free(inbuf);
	image_free(img);
	return rc;
}

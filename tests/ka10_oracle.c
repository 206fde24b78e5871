/* ka10_oracle.c — run corpus cases on the KA10 oracle, Open SIMH's pdp10-ka, in batches, one process at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ka10_oracle.h"

#define BATCH 500u               /* cases per simulator process (about 1 s to start) */

/* SIMH's FLAGS register is the PC word's left half shifted right 5. */
#define RAW_SHIFT 5

/* One case as SIMH commands: clear, deposit, run, examine the compared region. */
static void write_case(FILE *f, const struct ka10_case *k)
{
	fprintf(f, "reset\nd 0-17777 0\nd 1000-1177 %llo\n", (unsigned long long)KA10_UNSET);
	for (unsigned i = 0; i < KA10_NREG; i++)
		if (k->init[i] != ka10_default(ka10_addr(i)))
			fprintf(f, "d %o %llo\n", ka10_addr(i), (unsigned long long)k->init[i]);
	fprintf(f, "d flags %o\nd pc %o\nstep %u\necho @@C\ne pc\ne flags\ne 0-177\ne 1000-1177\n"
		   "e 2000-2037\n", k->flags >> RAW_SHIFT, k->start, KA10_STEPS);
}

/* Read a batch's output into out[0..n-1]; 0, or -1 (message on stderr). */
static int parse(FILE *p, struct ka10_state *out, unsigned n)
{
	char line[512], msg[sizeof line] = "";
	int cur = -1;
	unsigned got = 0;
	while (fgets(line, sizeof line, p)) {
		line[strcspn(line, "\r\n")] = 0;
		unsigned long long v;
		unsigned a;
		if (!strcmp(line, "@@C")) {
			if (++cur >= (int)n) {
				fprintf(stderr, "ka10_gen: the oracle printed more cases than it was given\n");
				return -1;
			}
			memset(&out[cur], 0, sizeof out[cur]);
			out[cur].halted = strstr(msg, "HALT instruction") != NULL;
			msg[0] = 0;
		} else if (cur < 0) {
			if (line[0] && strncmp(line, "KA-10 simulator", 15))
				snprintf(msg, sizeof msg, "%s", line);
		} else if (!strncmp(line, "PC:\t", 4)) {
			out[cur].pc = (addr)strtoul(line + 4, NULL, 8);
		} else if (!strncmp(line, "FLAGS:\t", 7)) {
			out[cur].flags = (uint32_t)strtoul(line + 7, NULL, 8) << RAW_SHIFT;
		} else if (sscanf(line, "%o:\t%llo", &a, &v) == 2 && strchr(line, '\t')) {
			int i = ka10_index(a);
			if (i >= 0) {
				out[cur].mem[i] = v;
				got += a == 02037;
			}
		} else if (line[0] && strcmp(line, "Goodbye")) {
			snprintf(msg, sizeof msg, "%s", line);
			if (!strstr(line, "HALT instruction") && !strstr(line, "Step expired"))
				fprintf(stderr, "ka10_gen: oracle: %s\n", line);
		}
	}
	if (cur + 1 != (int)n || got != n) {
		fprintf(stderr, "ka10_gen: the oracle gave %d of %u cases\n", cur + 1, n);
		return -1;
	}
	return 0;
}

int ka10_oracle_run(const char *bin, const struct ka10_case *ks, unsigned n, struct ka10_state *out)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096], cmd[8400];
	for (unsigned lo = 0; lo < n; lo += BATCH) {
		unsigned m = n - lo < BATCH ? n - lo : BATCH;
		if (snprintf(path, sizeof path, "%s/ka10_gen.XXXXXX", tmp && *tmp ? tmp : "/tmp") >=
		    (int)sizeof path)
			return fprintf(stderr, "ka10_gen: TMPDIR too long\n"), -1;
		int fd = mkstemp(path);
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!f)
			return perror("ka10_gen: temporary file"), -1;
		for (unsigned i = 0; i < m; i++)
			write_case(f, &ks[lo + i]);
		fprintf(f, "exit\n");
		if (fclose(f))
			return perror("ka10_gen: temporary file"), -1;
		snprintf(cmd, sizeof cmd, "'%s' '%s' </dev/null", bin, path);
		FILE *p = popen(cmd, "r");
		if (!p) {
			unlink(path);
			return perror("ka10_gen: popen"), -1;
		}
		int rc = parse(p, out + lo, m);
		int st = pclose(p);
		unlink(path);
		if (rc || st != 0) {
			fprintf(stderr, "ka10_gen: the oracle %s failed (status %d)\n", bin, st);
			return -1;
		}
	}
	return 0;
}

/* replay.c — runs a fuzz target's LLVMFuzzerTestOneInput on files, without libFuzzer: the corpus
 * replayed under the ordinary sanitizer build (tests/fuzz.sh), or one crash reproduced.
 * usage: fuzz_TARGET [-v] FILE|DIR...   (a DIR: every file in it) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "target.h"

static int verbose;
static unsigned nfiles;

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fprintf(stderr, "%s: out of memory\n", path);
			fclose(f);
			return 1;
		}
		len += fread(buf + len, 1, cap - len, f);
		if (len < cap)
			break;
		uint8_t *n = realloc(buf, cap *= 2);
		if (!n)
			free(buf);
		buf = n;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		perror(path);
		free(buf);
		return 1;
	}
	if (verbose)
		fprintf(stderr, "replay: %s\n", path);
	/* An exact-size copy, so a read past the input is caught. */
	uint8_t *in = malloc(len ? len : 1);
	if (!in) {
		free(buf);
		return 1;
	}
	memcpy(in, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(in, len);
	free(in);
	nfiles++;
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay(const char *path)
{
	struct stat st;
	if (stat(path, &st)) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	DIR *d = opendir(path);
	if (!d) {
		perror(path);
		return 1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int bad = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *names);
			if (!nn) {
				bad = 1;
				break;
			}
			names = nn;
		}
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		if (!(names[n] = malloc(len))) {
			bad = 1;
			break;
		}
		snprintf(names[n++], len, "%s/%s", path, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, compare_names);   /* the same order every time */
	for (size_t i = 0; i < n; i++) {
		if (!bad)
			bad = replay(names[i]);
		free(names[i]);
	}
	free(names);
	return bad;
}

int main(int argc, char **argv)
{
	int bad = 0, args = 0;
	for (int i = 1; i < argc && !bad; i++) {
		if (!strcmp(argv[i], "-v")) {
			verbose = 1;
			continue;
		}
		args++;
		bad = replay(argv[i]);
	}
	if (!args) {
		fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
		return 2;
	}
	printf("replayed %u inputs\n", nfiles);
	return bad;
}

/* load_at.c — `--load FILE@ADDRESS`: an image deposited at an offset into another's. */
#include <stdio.h>
#include <string.h>
#include "load_at.h"
#include "session.h"

int load_at_parse(const char *spec, struct load_at *out)
{
	const char *at = strrchr(spec, '@');
	uint64_t n;
	if (!at || at == spec || cli_parse_num(at + 1, 8, RH_MASK, &n))
		return cli_usage_error("--load takes FILE@ADDRESS (an octal address), not '%s'", spec);
	size_t len = (size_t)(at - spec);
	if (len >= sizeof out->file)
		return cli_usage_error("--load: the file name in '%.100s...' is too long", spec);
	memcpy(out->file, spec, len);
	out->file[len] = 0;
	out->at = (addr)n;
	return 0;
}

int load_at_apply(struct image *img, const struct load_at *l)
{
	struct image *src = session_load_image(l->file, NULL);
	if (!src)
		return EXIT_USAGE;
	int rc = 0;
	int gives_jobsa = src->lo <= LOAD_AT_JOBSA && LOAD_AT_JOBSA <= src->hi && src->set[LOAD_AT_JOBSA];
	if (src->lo <= src->hi && (uint64_t)src->hi + l->at > RH_MASK) {
		fprintf(stderr, "tenvm: %s loaded at %06o reaches past address 777777 (its words go up to %06o)\n",
			l->file, l->at, src->hi);
		rc = EXIT_USAGE;
	} else if (!gives_jobsa && src->has_start && (uint64_t)l->at + LOAD_AT_JOBSA > RH_MASK) {
		fprintf(stderr, "tenvm: %s loaded at %06o: no room for its start address at %06o+120\n",
			l->file, l->at, l->at);
		rc = EXIT_USAGE;
	} else {
		for (addr a = src->lo; src->lo <= src->hi && a <= src->hi; a++)
			if (src->set[a])
				image_set(img, a + l->at, src->w[a]);
		if (!gives_jobsa && src->has_start)
			image_set(img, l->at + LOAD_AT_JOBSA, src->start);
	}
	image_free(src);
	return rc;
}

/* asm_line.c — one line of assembler source as one word, for the console's deposit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asm.h"

int asm_line(const char *text, addr at, word *w, char *err, size_t errlen)
{
	err[0] = 0;
	if (strchr(text, '\n')) {
		snprintf(err, errlen, "one line only");
		return -1;
	}
	size_t n = strlen(text) + 32;
	char *src = malloc(n);
	struct image *img = image_new();
	char *msg = NULL;
	size_t msglen = 0;
	FILE *errs = open_memstream(&msg, &msglen);
	int rc = -1;
	if (src && img && errs) {
		snprintf(src, n, "\tLOC %o\n\t%s\n\tEND\n", at & RH_MASK, text);
		int nerr = asm_text("deposit", src, img, NULL, errs);
		fflush(errs);
		if (nerr) {
			/* "deposit:2:COL: error: message" -> "message" */
			const char *m = msg ? strstr(msg, "error: ") : NULL;
			snprintf(err, errlen, "%.*s", m ? (int)strcspn(m + 7, "\n") : 0, m ? m + 7 : "");
		} else if (img->lo != (at & RH_MASK) || img->hi != img->lo) {
			snprintf(err, errlen, "not one word");
		} else {
			*w = img->w[img->lo];
			rc = 0;
		}
	} else {
		snprintf(err, errlen, "out of memory");
	}
	if (errs)
		fclose(errs);
	free(msg);
	free(src);
	image_free(img);
	return rc;
}

/* log.c — looking inside bt: each translated block (--log blocks[,host]) and the hottest ones (--profile N). */
#include <stdlib.h>
#include <string.h>
#include "disasm.h"
#include "tr.h"

unsigned tr_log_what;
unsigned tr_profile_n;

int tr_log_parse(const char *v)
{
	unsigned what = 0;
	char buf[64];
	snprintf(buf, sizeof buf, "%s", v);
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "blocks"))
			what |= TR_LOG_BLOCKS;
		else if (!strcmp(t, "host"))
			what |= TR_LOG_BLOCKS | TR_LOG_HOST;
		else
			return -1;
	}
	tr_log_what = what;
	return what ? 0 : -1;
}

void tr_log_block(FILE *f, const struct bt *bt, const struct tr_block *d, const struct tc_block *b, double usecs)
{
	fprintf(f, "block %06o%s apr %012llo policy %s backend %s: %u instructions, %.1f us\n",
		d->key.pc, d->key.user ? " user" : " exec", (unsigned long long)d->key.apr,
		bt->policy->name, bt->backend->name, d->n, usecs);
	for (unsigned i = 0; i < d->n; i++) {
		const struct tr_insn *in = &d->in[i];
		char text[64];
		disasm(in->ir, text, sizeof text);
		const char *what = in->act == TR_CALLOUT ? (in->goes_on ? "callout, goes on" : "callout")
				 : in->side_exit ? "direct, side exit" : "direct";
		fprintf(f, "  %06o  %012llo  %-24s %s\n", in->pc, (unsigned long long)in->ir, text, what);
	}
	if ((tr_log_what & TR_LOG_HOST) && bt->backend->dump)
		bt->backend->dump(f, b);
}

/* disasm.c — the disassembler: words to the text the assembler reads back. */
#include <stdio.h>
#include "disasm.h"
#include "isa.h"

char *disasm(word w, char *buf, size_t n)
{
	if (!buf || n == 0)
		return buf;
	w &= W_MASK;
	unsigned op = I_OP(w), ac = I_AC(w), x = I_X(w), ind = I_IND(w);
	addr y = I_Y(w);
	const char *name;
	char acs[8] = "";
	if (op >= 0700) {       /* I/O: the device is always shown, then E */
		name = isa_io[IO_FN(w)].name;
		snprintf(acs, sizeof acs, "%03o,", IO_DEV(w) << 2);
	} else {
		name = isa_ops[op].name;
		int alias = 0;
		for (unsigned i = 0; i < isa_n_aliases; i++)
			if (isa_aliases[i].opcode == op && isa_aliases[i].ac == ac) {
				name = isa_aliases[i].name;
				alias = 1;
				break;
			}
		if (!alias && ac)
			snprintf(acs, sizeof acs, "%o,", ac);
	}
	if (!acs[0] && !ind && !x && !y) {
		snprintf(buf, n, "%s", name);
		return buf;
	}
	char ys[8] = "", xs[8] = "";
	if (y || !x)
		snprintf(ys, sizeof ys, "%o", y);
	if (x)
		snprintf(xs, sizeof xs, "(%o)", x);
	snprintf(buf, n, "%s %s%s%s%s", name, acs, ind ? "@" : "", ys, xs);
	return buf;
}

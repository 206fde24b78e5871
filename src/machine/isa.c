/* isa.c — the instruction tables, made from isa.def. */
#include <strings.h>
#include "isa.h"

const struct isa_op isa_ops[0700] = {
#define I(opc, name, fam, mode, cls) [opc] = { #name, cls },
#define IO(fn, name, cls)
#define A(name, opc, ac)
#include "isa.def"
#undef I
#undef IO
#undef A
};

const struct isa_op isa_io[8] = {
#define I(opc, name, fam, mode, cls)
#define IO(fn, name, cls) [fn] = { #name, cls },
#define A(name, opc, ac)
#include "isa.def"
#undef I
#undef IO
#undef A
};

const struct isa_alias isa_aliases[] = {
#define I(opc, name, fam, mode, cls)
#define IO(fn, name, cls)
#define A(name, opc, ac) { #name, opc, ac },
#include "isa.def"
#undef I
#undef IO
#undef A
};
const unsigned isa_n_aliases = sizeof isa_aliases / sizeof isa_aliases[0];

unsigned isa_class(word ir)
{
	unsigned op = I_OP(ir);
	if (op >= 0700)
		return isa_io[IO_FN(ir)].cls;
	unsigned cls = isa_ops[op].cls;
	if (cls & K_ACDEP) {
		unsigned ac = I_AC(ir);
		if (ac & 014)
			cls |= K_PRIV;
		if (ac & 003)
			cls |= K_CRIT;
		else
			cls &= ~(unsigned)K_VMXTRAP;
	}
	return cls;
}

/* Per opcode: 1 sensitive, 2 sensitive unless its AC field is 0 (JRST), 0 not. */
#define SENSITIVE(cls) \
	(((cls) & (K_PRIV | K_IO | K_CRIT | K_UUO | K_UNDEF)) ? 1 : ((cls) & K_ACDEP) ? 2 : 0)
const uint8_t isa_sensitive_op[0700] = {
#define I(opc, name, fam, mode, cls) [opc] = SENSITIVE(cls),
#define IO(fn, name, cls)
#define A(name, opc, ac)
#include "isa.def"
#undef I
#undef IO
#undef A
};

/* Per opcode: 1 an assist exit, 2 one if its AC field has bit 1 or 2 (JRST), 0 not. */
#define VMXTRAP(cls) (!((cls) & K_VMXTRAP) ? 0 : ((cls) & K_ACDEP) ? 2 : 1)
const uint8_t isa_vmx_op[0700] = {
#define I(opc, name, fam, mode, cls) [opc] = VMXTRAP(cls),
#define IO(fn, name, cls)
#define A(name, opc, ac)
#include "isa.def"
#undef I
#undef IO
#undef A
};

int isa_lookup(const char *name, word *w, int *is_io)
{
	for (unsigned i = 0; i < isa_n_aliases; i++)
		if (!strcasecmp(name, isa_aliases[i].name)) {
			*w = (word)isa_aliases[i].opcode << 27 | (word)isa_aliases[i].ac << 23;
			*is_io = 0;
			return 1;
		}
	for (unsigned op = 0; op < 0700; op++)
		if (!strcasecmp(name, isa_ops[op].name)) {
			*w = (word)op << 27;
			*is_io = 0;
			return 1;
		}
	for (unsigned fn = 0; fn < 8; fn++)
		if (!strcasecmp(name, isa_io[fn].name)) {
			*w = (word)07 << 33 | (word)fn << 23;
			*is_io = 1;
			return 1;
		}
	return 0;
}

const char *isa_class_name(word ir)
{
	unsigned cls = isa_class(ir);
	return cls & K_PRIV ? "privileged" : cls & K_CRIT ? "critical" : "innocuous";
}

/* isa.h — instruction properties derived from isa.def, for every tool that reads code. */
#ifndef TENVM_ISA_H
#define TENVM_ISA_H

#include <stdint.h>
#include "word.h"
/* The K_* class bits are defined at the top of isa.def; read them alone. */
#define I(opc, name, fam, mode, cls)
#define IO(fn, name, cls)
#define A(name, opc, ac)
#include "isa.def"
#undef I
#undef IO
#undef A

struct isa_op {
	const char *name;   /* mnemonic; I/O instructions give their function name */
	unsigned    cls;    /* K_* */
};

struct isa_alias {
	const char *name;
	unsigned    opcode, ac;
};

extern const struct isa_op    isa_ops[0700];   /* opcodes 000-677 */
extern const struct isa_op    isa_io[8];       /* I/O functions 0-7 */
extern const struct isa_alias isa_aliases[];
extern const unsigned         isa_n_aliases;

/* The class of one instruction word, with JRST resolved by its AC field:
 * JRST 4 and JRST 10 are privileged, JRST 1 and JRST 2 critical. */
unsigned isa_class(word ir);

/* The instruction's class in Popek and Goldberg's theory, from isa.def:
 * "privileged" (traps in user mode: K_PRIV), "critical" (sensitive without
 * trapping: K_CRIT) or "innocuous" (everything else, UUOs included, which
 * trap alike in both modes). */
const char *isa_class_name(word ir);

/* Sensitive in Popek and Goldberg's sense, or trapping: privileged (I/O, JRST
 * 4 and 10), critical (JSR, JSP, PUSHJ, XCT, JRST 1 and 2), UUOs and the
 * unassigned codes.  What the hybrid monitor emulates in virtual exec mode. */
static inline int isa_sensitive(word ir)
{
	extern const uint8_t isa_sensitive_op[0700];
	unsigned op = I_OP(ir);
	if (op >= 0700)
		return 1;
	return isa_sensitive_op[op] == 1 || (isa_sensitive_op[op] == 2 && I_AC(ir) != 0);
}

/* Whether ir traps to exec 40/41 while the VM assist's VMX flag is set (an
 * "assist exit", K_VMXTRAP): JSR, JSP, PUSHJ, and JRST with AC bit 1 or 2. */
static inline int isa_vmx_traps(word ir)
{
	extern const uint8_t isa_vmx_op[0700];
	unsigned op = I_OP(ir);
	if (op >= 0700)
		return 0;
	return isa_vmx_op[op] == 1 || (isa_vmx_op[op] == 2 && (I_AC(ir) & 3) != 0);
}

/* Look a mnemonic up (case-insensitive).  Sets *w to its instruction word
 * template (opcode and any fixed AC; I/O functions with device 0) and *is_io.
 * Returns 0 if the name is not an instruction. */
int isa_lookup(const char *name, word *w, int *is_io);

#endif

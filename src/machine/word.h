/* word.h — the 36-bit PDP-10 word, its halves, and the fields of an instruction. */
#ifndef TENVM_WORD_H
#define TENVM_WORD_H

#include <stdint.h>

/*
 * A word is 36 bits held in the low bits of a uint64_t; the upper 28 bits are
 * always zero.  Bit 0 is the most significant (DEC numbering):
 *
 *   0        8 9  12 13 14  17 18                                35
 *  +----------+-----+--+------+------------------------------------+
 *  |  opcode  | AC  |I |  X   |                 Y                  |
 *  +----------+-----+--+------+------------------------------------+
 *  | 1 1 1| device  |fn |                (I/O instructions)          |
 *  +------+---------+---+
 *   0   2 3       9 10 12
 */
typedef uint64_t word;
typedef uint32_t addr;          /* an 18-bit address */

#define W_MASK   0777777777777ULL
#define W_SIGN   0400000000000ULL
#define RH_MASK  0777777U
#define RH_SIGN  0400000U

#define LH(w)       ((addr)(((w) >> 18) & RH_MASK))
#define RH(w)       ((addr)((w) & RH_MASK))
#define XWD(l, r)   ((((word)(l) & RH_MASK) << 18) | ((word)(r) & RH_MASK))
#define SWAP(w)     XWD(RH(w), LH(w))

#define I_OP(w)     ((unsigned)((w) >> 27) & 0777)
#define I_AC(w)     ((unsigned)((w) >> 23) & 017)
#define I_IND(w)    ((unsigned)((w) >> 22) & 1)
#define I_X(w)      ((unsigned)((w) >> 18) & 017)
#define I_Y(w)      RH(w)
#define I_IX_MASK   037000000ULL            /* the I and X fields together */
#define I_OPAC_MASK 0777740000000ULL        /* opcode and AC: what a UUO stores */

#define IO_DEV(w)   ((unsigned)((w) >> 26) & 0177)   /* device number / 4 */
#define IO_FN(w)    ((unsigned)((w) >> 23) & 7)

/* Signed view of a word, and back. */
static inline int64_t w_sext(word w) { return (int64_t)(w << 28) >> 28; }
static inline word w_of(int64_t v) { return (word)v & W_MASK; }
static inline word w_neg(word w) { return (0 - w) & W_MASK; }
static inline int w_isneg(word w) { return (w & W_SIGN) != 0; }

/* Flags: the left half of a PC word (bit n of the word is 1 << (17 - n) here). */
enum {
	F_AROV   = 0400000,   /* 0: arithmetic overflow */
	F_CRY0   = 0200000,   /* 1: carry out of bit 0 */
	F_CRY1   = 0100000,   /* 2: carry out of bit 1 */
	F_FOV    = 0040000,   /* 3: floating overflow */
	F_FPD    = 0020000,   /* 4: first part done */
	F_USER   = 0010000,   /* 5: user mode */
	F_USERIO = 0004000,   /* 6: user in-out */
	F_VMX    = 0002000,   /* 7: the VM assist's guest mode (--cpu ka10-vmx only; implies USER) */
	F_FXU    = 0000100,   /* 11: floating exponent underflow */
	F_DCK    = 0000040,   /* 12: divide check (no divide) */
	F_ALL    = 0777740    /* every flag bit a PC word can carry (0-12) */
};

#endif

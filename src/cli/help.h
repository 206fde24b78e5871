/* help.h — the command line's help texts (`tenvm help [COMMAND]`, COMMAND --help). */
#ifndef TENVM_HELP_H
#define TENVM_HELP_H

extern const char usage_text[];    /* tenvm with no command, or tenvm help */
extern const char run_help[];
extern const char compare_help[];
extern const char asm_help[];
extern const char disasm_help[];

#endif

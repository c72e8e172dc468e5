/* Force-included into every Lua source file (cmake/ThirdParty.cmake).
 * - A constant string-hash seed: Lua 5.4 otherwise mixes time and addresses into it, which
 *   would make table iteration order differ between runs and builds.
 * - Lua's maths goes through the portable libm: <math.h> is included first (its guard makes
 *   Lua's own include a no-op), then each function name is mapped to its fl_ version. */
#ifndef FL_LUA_CONFIG_H
#define FL_LUA_CONFIG_H
#include <math.h>
#include "portable_math.h"
#define luai_makeseed(L) ((unsigned int)0x46a17f1du)
#define exp fl_exp
#define exp2 fl_exp2
#define log fl_log
#define log2 fl_log2
#define log10 fl_log10
#define pow fl_pow
#define sin fl_sin
#define cos fl_cos
#define tan fl_tan
#define asin fl_asin
#define acos fl_acos
#define atan fl_atan
#define atan2 fl_atan2
#define sqrt fl_sqrt
#define floor fl_floor
#define ceil fl_ceil
#define fabs fl_fabs
#define fmod fl_fmod
#define frexp fl_frexp
#define ldexp fl_ldexp
#endif

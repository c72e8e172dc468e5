/* Included before each musl math source: system headers first (their include guards then
 * make musl's own includes no-ops), then every public and internal name renamed fl_* so
 * that nothing collides with the platform libm. */
#include <stdint.h>
#include <float.h>
#include <math.h>
#include <endian.h>
#define hidden __attribute__((__visibility__("hidden")))
#define weak_alias(old, new) extern __typeof(old) new __attribute__((__weak__, __alias__(#old)))
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
#define __sin fl___sin
#define __cos fl___cos
#define __tan fl___tan
#define __rem_pio2 fl___rem_pio2
#define __rem_pio2_large fl___rem_pio2_large
#define __exp_data fl___exp_data
#define __log_data fl___log_data
#define __log2_data fl___log2_data
#define __pow_log_data fl___pow_log_data
#define __math_oflow fl___math_oflow
#define __math_uflow fl___math_uflow
#define __math_xflow fl___math_xflow
#define __math_invalid fl___math_invalid
#define __math_divzero fl___math_divzero
#define __sinl fl___sinl
#define __cosl fl___cosl
#define __tanl fl___tanl

#include "libm.h"
#include "portable_math.h" /* declares every fl_ name the renames above introduce */

/* Portable maths for the deterministic core. The transcendental functions come from musl's
 * sources (compiled into both the native and the wasm build, see cmake/ThirdParty.cmake);
 * the correctly rounded ones (sqrt, floor, ...) are IEEE-exact everywhere and forward to the
 * compiler's builtins. Core code and Lua (through l_mathop) call only these. */
#ifndef FL_PORTABLE_MATH_H
#define FL_PORTABLE_MATH_H
#ifdef __cplusplus
extern "C" {
#endif
double fl_exp(double);
double fl_exp2(double);
double fl_log(double);
double fl_log2(double);
double fl_log10(double);
double fl_pow(double, double);
double fl_sin(double);
double fl_cos(double);
double fl_tan(double);
double fl_asin(double);
double fl_acos(double);
double fl_atan(double);
double fl_atan2(double, double);
double fl_sqrt(double);
double fl_floor(double);
double fl_ceil(double);
double fl_fabs(double);
double fl_fmod(double, double);
double fl_frexp(double, int*);
double fl_ldexp(double, int);
#ifdef __cplusplus
}
#endif
#endif

/* The IEEE-exact half of portable_math.h: same result on every conforming platform. */
#include "portable_math.h"

#include <math.h>

double fl_sqrt(double x) { return sqrt(x); }
double fl_floor(double x) { return floor(x); }
double fl_ceil(double x) { return ceil(x); }
double fl_fabs(double x) { return fabs(x); }
double fl_fmod(double x, double y) { return fmod(x, y); }
double fl_frexp(double x, int* e) { return frexp(x, e); }
double fl_ldexp(double x, int e) { return ldexp(x, e); }

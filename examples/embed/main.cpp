#include <cstdio>
#include "ael/ael.hpp"
int main() { std::printf("%s\n", ael::version()); return 0; }

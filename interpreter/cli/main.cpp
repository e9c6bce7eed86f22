#include <cstdio>
#include "ael/ael.hpp"
int main() { std::printf("ael %s\n", ael::version()); return 0; }

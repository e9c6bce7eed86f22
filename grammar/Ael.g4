// AEL: the experiment language for autoencoder research.
//
// The parser is generated at build time (Debian's antlr4 4.7.2, C++ target, runtime 4.9).
// Newlines separate statements. The C++ token filter in interpreter/src/syntax/ decides
// which newlines reach the parser (Go-style: a newline counts only after a token that can
// end a statement, never inside ( or [, and never before a continuation token such as |>
// or else), so this grammar can treat NL as a plain separator.
//
// Keep this file language-neutral: no target-specific actions. The parser superclass
// (ParserBase) adds a stack guard so deeply nested input is an error, not a crash.

grammar Ael;

options { superClass = AelParserBase; }

@parser::header { #include "ael_parser_base.hpp" }

// ---------------------------------------------------------------- program structure

program : sep? (stmt (sep stmt)*)? sep? EOF ;

// One expression and nothing else: REPL entries are tried as this first, and string
// interpolations `${...}` are parsed with it.
replExpr : sep? expr sep? EOF ;

sep : (NL | ';')+ ;

block : '{' sep? (stmt (sep stmt)*)? sep? '}' ;

// One `for ... in ...` of a comprehension; several nest, the first outermost:
// [f(a, b) for a in A for b in B if c] is every (a, b) in that order.
compFor : 'for' pattern (',' pattern)* 'in' expr ;

stmt
    : 'let' pattern '=' expr                                 # letStmt
    | 'fn' name '(' paramList? ')' fnBody                    # fnStmt
    | 'model' name ('(' paramList? ')')? block               # modelStmt
    | 'import' dottedName ('as' name)?                       # importStmt
    | 'from' dottedName 'import' name (',' name)*            # fromImportStmt
    | 'for' pattern (',' pattern)* 'in' expr block           # forStmt
    | 'while' expr block                                     # whileStmt
    | 'return' expr?                                         # returnStmt
    | 'break'                                                # breakStmt
    | 'continue'                                             # continueStmt
    | name op=('=' | '+=' | '-=' | '*=' | '/=') expr         # assignStmt
    | expr                                                   # exprStmt
    ;

pattern
    : name                                                   # namePattern
    | '[' pattern (',' pattern)* ','? ']'                    # listPattern
    ;

paramList : param (',' param)* ','? ;

// `name: expr` annotates (in a model header it declares an input of that width),
// `name = expr` gives a default.
param : name (':' expr)? ('=' expr)? ;

fnBody
    : block                                                  # blockBody
    | '=' expr                                               # exprBody
    ;

dottedName : name ('.' name)* ;

// ---------------------------------------------------------------- expressions
// Alternatives listed first bind tighter (ANTLR precedence climbing).

expr
    : expr '(' argList? ')'                                  # callExpr
    | expr '[' indexList ']'                                 # indexExpr
    | expr '.' name                                          # fieldExpr
    | <assoc=right> expr '^' expr                            # powExpr
    | op=('-' | '+') expr                                    # unaryExpr
    | expr op=('*' | '/' | '%' | '@') expr                   # mulExpr
    | expr op=('+' | '-') expr                               # addExpr
    | expr op=('..' | '..=') expr ('step' expr)?             # rangeExpr
    | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr   # compareExpr
    | 'not' expr                                             # notExpr
    | expr 'and' expr                                        # andExpr
    | expr 'or' expr                                         # orExpr
    | expr '|>' expr                                         # pipeExpr
    | expr 'then' expr                                       # thenExpr
    | primary                                                # primaryExpr
    ;

primary
    : INT                                                    # intLit
    | FLOAT                                                  # floatLit
    | STRING                                                 # stringLit
    | ('true' | 'false')                                     # boolLit
    | 'none'                                                 # noneLit
    | name                                                   # nameRef
    | '(' expr ')'                                           # parenExpr
    | '[' (expr (',' expr)* ','?)? ']'                       # listLit
    | '[' expr compFor+ ('if' expr)? ']'                     # listComp
    | 'parallel' '[' expr compFor+ ('if' expr)? ']'          # parallelComp
    | '{' (field (',' field)* ','?)? sep? '}'                # recordLit
    | 'if' expr block ('else' (ifTail | block))?             # ifExpr
    | 'fn' '(' paramList? ')' ('=>' expr | block)            # lambdaExpr
    | 'train' expr 'on' expr trainBlock                      # trainExpr
    ;

// `else if` chains: a nested if expression as the else branch.
ifTail : 'if' expr block ('else' (ifTail | block))? ;

field : (name | STRING) ':' expr ;

argList : arg (',' arg)* ','? ;
arg : (name ':')? expr ;

indexList : index (',' index)* ;
index
    : expr? ':' expr?                                        # sliceIndex
    | expr                                                   # exprIndex
    ;

trainBlock : '{' sep? (trainItem (sep trainItem)*)? sep? '}' ;

trainItem
    : name '=' expr                                          # trainSetting
    | expr 'by' expr                                         # trainGroup
    ;

// Soft keywords: words with a meaning in one construct that stay usable as names
// elsewhere (e.g. `anneal(from: 0, to: 1)`, `let step = 3`, `let model = train ...`).
name : IDENT | 'on' | 'by' | 'step' | 'from' | 'as' | 'model' ;

// ---------------------------------------------------------------- lexer

INT   : DIGIT ('_'? DIGIT)* ;
FLOAT : DIGIT ('_'? DIGIT)* '.' DIGIT ('_'? DIGIT)* EXPONENT?
      | DIGIT ('_'? DIGIT)* EXPONENT
      ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
fragment DIGIT : [0-9] ;

// Escapes and ${...} interpolation are decoded by the AST builder.
STRING : '"' (ESC | ~["\\\r\n])* '"'
       | '\'' (ESC | ~['\\\r\n])* '\''
       ;
fragment ESC : '\\' . ;

// A string with no closing quote on its line; reported as such by the token filter.
UNTERMINATED_STRING : '"' (ESC | ~["\\\r\n])*
                    | '\'' (ESC | ~['\\\r\n])*
                    ;

IDENT : [a-zA-Z_] [a-zA-Z_0-9]* ;

NL      : '\r'? '\n' ;
WS      : [ \t\f]+ -> channel(HIDDEN) ;
COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;

// Anything else becomes one token so the parser reports it with a position.
UNKNOWN_CHAR : . ;

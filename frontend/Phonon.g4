// Phonon statements and expressions (LANGUAGE §1–3). The lexer runs over the whole file; the
// logical-line rules of §2.1 (continuations, separators) and negative literals are applied by
// Parser.cpp, which hands the parser one statement at a time (so one bad statement never hides
// the errors of the next). NEG_MINUS is a '-' that Parser.cpp found to start a negative number.
grammar Phonon;

tokens { NEG_MINUS }

statement
    : (TEMPO | CPS) COLON expr EOF                   # tempoStatement
    | BPM COLON primary primary? EOF                 # bpmStatement
    | BUS (COLON | DOLLAR) expr EOF                  # busStatement
    | (OUT | OUTPUT_N) (COLON | DOLLAR) expr EOF     # outStatement
    | FN IDENT IDENT* EQUALS expr EOF                # fnStatement
    | TEMPLATE COLON expr EOF                        # templateStatement
    | (HUSH | UNHUSH | PANIC | RESET_CYCLES) EOF     # commandStatement
    | OUTMIX COLON IDENT EOF                         # outmixStatement
    | (SET_CYCLE | NUDGE) expr EOF                   # clockStatement
    | BUFFER COLON expr EOF                          # bufferStatement
    ;

// Precedence, lowest first (LANGUAGE §3.2).
expr     : dollar (HASH dollar)* ;
dollar   : shift (DOLLAR shift)* ;
shift    : sum (SHIFT sum)* ;
sum      : product (addOperator product)* ;
product  : unary (mulOperator unary)* ;
unary
    : (MINUS | NEG_MINUS) unary                      # negate
    | application                                    # applied
    ;
application
    : IDENT argument+                                # call
    | FUNCTION_BUS argument+                         # busFunctionCall
    | primary                                        # atom
    ;
argument
    : NEG_MINUS NUMBER                               # negativeArgument
    | COLON IDENT primary                            # keywordArgument
    | primary                                        # plainArgument
    ;
primary
    : NUMBER                                         # number
    | STRING                                         # string
    | BUS                                            # bus
    | TEMPLATE                                       # templateRef
    | IDENT                                          # name
    | LPAREN expr RPAREN                             # parens
    | LBRACK (expr (COMMA expr)*)? RBRACK            # list
    | LPAREN HASH dollar (HASH dollar)* RPAREN       # chainSection
    | LPAREN binaryOperator expr RPAREN              # rightSection
    | LPAREN expr binaryOperator RPAREN              # leftSection
    ;

addOperator    : PLUS | MINUS | NEG_MINUS | ADD_PIPE | KEEP_PIPE | TILDE_ADD ;
mulOperator    : STAR | SLASH | PERCENT | MUL_PIPE | TILDE_MUL ;
binaryOperator : addOperator | mulOperator | SHIFT ;

// ---- lexer ---------------------------------------------------------------------------------
// Keywords (LANGUAGE §1): statement heads, which cannot be function or parameter names.
TEMPO        : 'tempo' ;
CPS          : 'cps' ;
BPM          : 'bpm' ;
OUT          : 'out' ;
OUTPUT_N     : ('out' | 'o' | 'd') [0-9]+ ;
FN           : 'fn' ;
HUSH         : 'hush' [0-9]* ;
UNHUSH       : 'unhush' [0-9]* ;
PANIC        : 'panic' ;
OUTMIX       : 'outmix' ;
RESET_CYCLES : 'resetCycles' ;
SET_CYCLE    : 'setCycle' ;
NUDGE        : 'nudge' ;
BUFFER       : 'buffer' ;

NUMBER : DIGITS ('.' DIGITS)? EXPONENT? | '.' DIGITS EXPONENT? ;
// Malformed numbers get tokens of their own so that the error can say what is wrong.
NUMBER_WITH_UNIT    : (DIGITS ('.' DIGITS)? | '.' DIGITS) [A-Za-z_] [A-Za-z0-9_']* ;
NUMBER_TRAILING_DOT : DIGITS '.' ;

FUNCTION_BUS : '~' ('add' | 'sub' | 'mul' | 'div') ;
BUS          : '~' NAME ;
TEMPLATE     : '@' NAME ;
IDENT        : NAME ;

STRING              : '"' ~'"'* '"' ;
UNTERMINATED_STRING : '"' ~'"'* ;

// Operators by precedence level: |+ +| |+| ||+ (and -), |> >| |>| |< <| |<|, ~+ ~- at the level
// of +; the * / % forms and ~* ~/ at the level of *; <~ ~> between + and $.
ADD_PIPE  : '||' [+\-] | '|' [+\-] '|'? | [+\-] '|' ;
KEEP_PIPE : '|' [<>] '|'? | [<>] '|' ;
MUL_PIPE  : '||' [*/%] | '|' [*/%] '|'? | [*/%] '|' ;
TILDE_ADD : '~' [+\-] ;
TILDE_MUL : '~' [*/] ;
SHIFT     : '<~' | '~>' ;
HASH    : '#' ;
DOLLAR  : '$' ;
PLUS    : '+' ;
MINUS   : '-' ;
STAR    : '*' ;
SLASH   : '/' ;
PERCENT : '%' ;
LPAREN  : '(' ;
RPAREN  : ')' ;
LBRACK  : '[' ;
RBRACK  : ']' ;
COMMA   : ',' ;
COLON   : ':' ;
EQUALS  : '=' ;

COMMENT : '--' ~[\r\n]* -> skip ;
NEWLINE : '\r'? '\n' ;
WS      : [ \t]+ -> skip ;
UNEXPECTED_CHARACTER : . ;

fragment NAME     : [A-Za-z_] [A-Za-z0-9_']* ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

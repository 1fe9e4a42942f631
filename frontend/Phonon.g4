// Phonon statements and expressions (LANGUAGE §1–3). The lexer runs over the whole file; the
// logical-line rules of §2.1 (continuations, separators) and negative literals are applied by
// LogicalLines.cpp, which hands the parser one statement at a time (so one bad statement never
// hides the errors of the next). NEG_MINUS is a '-' that LogicalLines found to start a negative
// number literal.
grammar Phonon;

tokens { NEG_MINUS }

statement
    : (TEMPO | CPS) COLON expr EOF             # tempoStatement
    | BPM COLON primary primary? EOF           # bpmStatement
    | BUS (COLON | DOLLAR) expr EOF            # busStatement
    | OUT (COLON | DOLLAR) expr EOF            # outStatement
    ;

// Precedence, lowest first (LANGUAGE §3.2).
expr        : sum (HASH sum)* ;
sum         : product (addOperator product)* ;
addOperator : PLUS | MINUS | NEG_MINUS ;
product     : unary (mulOperator unary)* ;
mulOperator : STAR | SLASH ;
unary
    : (MINUS | NEG_MINUS) unary                # negate
    | application                              # applied
    ;
application
    : IDENT argument+                          # call
    | primary                                  # atom
    ;
argument
    : NEG_MINUS NUMBER                         # negativeArgument
    | primary                                  # plainArgument
    ;
primary
    : NUMBER                                   # number
    | STRING                                   # string
    | BUS                                      # bus
    | IDENT                                    # name
    | LPAREN expr RPAREN                       # parens
    ;

// ---- lexer ---------------------------------------------------------------------------------
TEMPO : 'tempo' ;
CPS   : 'cps' ;
BPM   : 'bpm' ;
OUT   : 'out' ;

NUMBER : DIGITS ('.' DIGITS)? EXPONENT? | '.' DIGITS EXPONENT? ;
// Malformed numbers get tokens of their own so that the error can say what is wrong.
NUMBER_WITH_UNIT    : (DIGITS ('.' DIGITS)? | '.' DIGITS) [A-Za-z_] [A-Za-z0-9_']* ;
NUMBER_TRAILING_DOT : DIGITS '.' ;

BUS      : '~' NAME ;
TEMPLATE : '@' NAME ;
IDENT    : NAME ;

STRING              : '"' ~'"'* '"' ;
UNTERMINATED_STRING : '"' ~'"'* ;

// Every operator of the language is lexed, so that one not supported yet reads as a token.
PIPE_OPERATOR : '||'? '|' [-+*/%<>] '|'? | [-+*/%<>] '|' ;
TILDE_OPERATOR: '~' [-+*/] | '<~' | '~>' ;
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

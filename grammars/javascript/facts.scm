; Syntax nodes gonogo extracts facts from, JavaScript grammar. See grammars/README.md.
[
  (function_declaration)
  (generator_function_declaration)
  (function_expression)
  (generator_function)
  (arrow_function)
  (method_definition)
] @function

[
  (class_declaration)
  (class)
] @class

(field_definition) @field

[
  (call_expression)
  (new_expression)
] @call

(import_statement) @import
(export_statement) @export

; A declarator's keyword (const, let, var) is read from its declaration, visited first.
[
  (lexical_declaration)
  (variable_declaration)
] @declaration

[
  (variable_declarator)
  (assignment_expression)
  (augmented_assignment_expression)
] @binding

[
  (for_in_statement)
  (for_statement)
  (while_statement)
  (do_statement)
] @loop

[
  (if_statement)
  (switch_case)
  (catch_clause)
  (ternary_expression)
  "&&"
  "||"
  "??"
] @decision

; An awaited call is recorded from its await, which is visited first: asking a node for its
; parent makes tree-sitter walk down from the root again.
(await_expression) @await

; What a function gives back: the last `return` with a value (factories, getters, `create_app()`).
(return_statement) @return

(comment) @comment

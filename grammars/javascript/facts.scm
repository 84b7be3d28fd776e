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

(comment) @comment

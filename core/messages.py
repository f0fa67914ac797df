"""Every message core gives a person, in English and Japanese, and the one
catalogue mechanism: the user interface adds its own texts here (tui/i18n.py),
so there is one language and one way to fill a text in.

Errors carry a key and their values; the text is made when the error is shown,
in the language set here (the app and the command line set it), so the same
error reads in the learner's language wherever it surfaces.

A count can agree with its noun: `{n:|input|inputs}` writes "1 input" or
"2 inputs" (`{count:,|value|values}` with the thousands separator). Japanese
texts need no such forms.
"""
from __future__ import annotations

import string
from collections import ChainMap

EN: dict[str, str] = {
    # names
    "unknown_function": "unknown function {name!r}; choose one of: {choices}",
    "unknown_preset": "unknown preset {name!r}; choose one of: {choices}",
    "unknown_initialiser": "unknown initialiser {name!r}; choose one of: {choices}",
    # networks
    "in_layer": "layer {k}: {error}",
    "rows_differ": "{label} has rows of different lengths",
    "not_numbers": "{label} must hold numbers only ({detail})",
    "no_layers": "a network needs at least one layer",
    "not_matrix": "layer {k}: W{k} must be a matrix (2-D) but has shape {shape}",
    "not_vector": "layer {k}: b{k} must be a vector (1-D) but has shape {shape}",
    "empty_matrix": "layer {k}: W{k} is empty (shape {shape})",
    "rows_mismatch": "layer {k}: W{k} has {rows:|row|rows} but layer {previous} outputs {outputs:|value|values}",
    "bias_mismatch": "layer {k}: b{k} has {values:|value|values} but W{k} has {columns:|column|columns}",
    "nonfinite_matrix": "layer {k}: {label} has {value} at row {row}, column {column}; "
                        "weights and biases must be finite numbers",
    "nonfinite_vector": "layer {k}: {label} has {value} at position {position}; "
                        "weights and biases must be finite numbers",
    "output_only": "layer {k}: {name} is an output function and can only be the last layer's",
    "too_many_parameters": "{source} has {total:,} parameters; actlab opens at most {limit:,}",
    "experiment_too_large": "{samples:,} samples × {layers} layers × {width} units are "
                            "{values:,} values, more than the {limit:,} this run allows",
    "experiment_too_slow": "{samples:,} samples × {layers} layers × {width}² weights are "
                           "{work:,} multiply-adds, more than the {limit:,} this screen "
                           "reruns as you type; `actlab init-experiment` runs it",
    "experiment_too_many_weights": "{layers} layers of {width} × {width} weights are "
                                   "{total:,} weights, more than the {limit:,} allowed",
    "the_network": "the network",
    # inputs
    "x_not_numbers": "x must be a list of numbers",
    "x_length": "x has {got:|value|values} but the network takes {n:|input|inputs} (W1 has {n:|row|rows})",
    "x_nonfinite": "x{position} is {value}; inputs must be finite numbers",
    "x_component": "there is no x{i}: the network takes {n:|input|inputs}",
    # targets, losses and gradients (core/losses.py, core/backward.py)
    "t_not_numbers": "t must be a list of numbers or a class label",
    "t_length": "t has {got:|value|values} but the network has {n:|output|outputs}",
    "t_nonfinite": "t{position} is {value}; a target must be finite numbers",
    "t_label": "there is no class {label}: the network's {n:|output|outputs} are classes 0 to {last}",
    "t_labels_shape": "class labels must be one number per sample, not an array of shape {shape}",
    "t_rows": "t has {rows:|row|rows} but x has {samples:|sample|samples}",
    "unknown_loss": "unknown loss {name!r}; choose one of: {choices}",
    "loss_output": "cross-entropy needs an output of probabilities ({choices}), not {name}",
    "lr_value": "the learning rate must be a finite number above 0, not {lr}",
    "t_negative": "cross-entropy needs t ≥ 0 (a probability for each class): row {row} has {value}",
    "t_sum": "cross-entropy needs each row of t to sum to 1 (one-hot or probabilities): "
             "row {row} sums to {total}",
    "gradient_nonfinite": "the gradient {label} is {value} (y overflowed): no step is taken; "
                          "no learning rate can fix it",
    "step_nonfinite": "a step with learning rate {lr} makes {label} infinite: the rate is far "
                      "too large",
    "step_shapes": "the gradients do not fit this network (its shapes changed since)",
    "trace_mismatch": "the forward pass is not this network's (its layers or functions differ)",
    "check_too_large": "a gradient check of {samples:|sample|samples} through {shape} is too "
                       "long to wait for (numerical gradients move every weight twice): use at "
                       "most {most:|sample|samples}",
    "check_loss_nonfinite": "the loss itself is {loss} (float64 overflowed), so no difference "
                            "of two losses is a number: bring t and y within about 1e150",
    "check_float32": "{array} is float32: W ± h rounds to about 7 digits, so the step is not "
                     "exactly h",
    "check_kink": "{array} ± {h} carries a{k} of unit {j} ({name}) across its kink at {kink}, "
                  "where the slope jumps",
    "landscape_inputs": "the landscape needs two different inputs from 1 to {n}, not {i} and {j}",
    "landscape_steps": "the landscape needs at least 2 steps per axis, not {steps}",
    "digit_shape": "a digit is a 2-D drawing (28×28), not an array of shape {shape}",
    "digit_nonfinite": "the drawing holds nan or inf",
    "drawing_inputs": "a drawing is 28×28 = 784 inputs, but this network takes {n}; "
                      "open a 784-input network such as the book's sample_weight.pkl",
    # shape changes
    "not_hidden": "layer {k} is not a hidden layer; only hidden layers change size",
    "no_units": "layer {k} needs at least one unit",
    "insert_where": "a hidden layer can go after x or after layers 1..{last}",
    "output_stays": "layer {k} is not a hidden layer; the output layer stays",
    "no_inputs": "a network needs at least one input",
    # datasets and training (core/datasets.py, core/train.py)
    "unknown_dataset": "unknown dataset {name!r}; choose one of: {choices}",
    "dataset_noise": "the noise must be a percentage from {low:g} to {high:g}, not {value}",
    "dataset_share": "the train share must be a percentage from {low:g} to {high:g}, not {value}",
    "csv_not_text": "{source} is not UTF-8 text (byte {position})",
    "csv_columns": "{source} line {line}: a row holds x1, x2, label (3 values), not {count}",
    "csv_not_number": "{source} line {line}: {column} is {text!r}, not a number",
    "csv_nonfinite": "{source} line {line}: {column} is {text}; points must be finite numbers",
    "csv_too_many": "{source} has more than {limit:,} points; actlab trains on at most that many",
    "csv_too_few": "{source} has {count:|point|points}; training needs at least 2",
    "csv_classes": "{source} has labels up to {k}, i.e. more than {limit} classes; "
                   "labels are -1/1, classes 0..{top}, or values to regress",
    "no_features": "the network needs at least one input feature: {choices}",
    "unknown_feature": "unknown feature {name!r}; choose from: {choices}",
    "feature_twice": "the feature {name} is chosen twice",
    "feature_nonfinite": "{source} line {line}: the feature {feature} is {value} (too large "
                         "for a float64); scale the points down",
    "feature_nonfinite_point": "point {point}: the feature {feature} is {value} (too large "
                               "for a float64); scale the points down",
    "no_train_points": "this train share leaves no point to train on",
    "no_train_images": "{source} has no training images to learn from",
    "grid_steps": "the output map takes 2 to {limit} steps per axis, not {steps}",
    "confusion_regression": "a regression has no classes, so no confusion matrix",
    "unknown_optimizer": "unknown optimizer {name!r}; choose one of: {choices}",
    "unknown_draw": "unknown way to draw batches {name!r}; choose one of: {choices}",
    "unknown_regularisation": "unknown regularization {name!r}; choose one of: {choices}",
    "batch_size": "the batch size must be from 1 to the {n} training points, not {batch}",
    "diverged": "training diverged in epoch {epoch}: a weight or the loss became infinite "
                "or NaN; "
                "try a smaller learning rate than {lr:g}",
    "diverged_reg": "training diverged in epoch {epoch}: a weight or the loss became infinite "
                    "or NaN; try a smaller learning rate than {lr:g} or a smaller "
                    "regularization rate than {rate:g}",
    "loss_nonfinite_untrained": "the untrained network's loss is already infinite or NaN: "
                                "the data are out of range for it; scale the points down",
    # files
    "file_wrapped": "{source}: {error}",
    "not_mapping": "{source} must hold one mapping of W1, b1, W2, b2, ... but holds a {kind}",
    "unknown_key": "{source} has an unknown key {key!r}; a network file holds W1, b1, W2, b2, "
                   "... and optionally 'activations' and 'x'",
    "no_w1": "{source} has no W1: it holds no network",
    "missing_key": "{source} has no {key} (it has W1..W{depth})",
    "key_gap": "{source} has {key} but no W{k}: keys must run W1..W{depth} and b1..b{depth} "
               "without gaps",
    "activations_not_names": "{source}: 'activations' must be a list of function names",
    "activations_count": "{source}: 'activations' lists {count:|function|functions} but the network "
                         "has {depth:|layer|layers}",
    "array_not_numbers": "{source}: {label} holds {dtype} values, not numbers",
    "cell_not_number": "{source}: {label}{where} is {value}, not a number",
    "file_too_big": "{source} is {size:.0f} MiB; actlab opens network files up to {limit} MiB",
    "cannot_read": "cannot read {path}: {reason}",
    "not_network_file": "{source} is not a JSON, NPZ or pickle network file",
    "bad_json": "{source} is not valid JSON: {reason} at line {line}, column {column}",
    "too_deep": "{source} nests lists too deeply to be a network",
    "bad_npz": "{source} is not a readable NPZ network: {reason}",
    "npz_objects": "it stores Python objects",
    "pickle_refused": "refused to open: the pickle asks for {name}, and actlab reads only "
                      "numpy arrays from pickles",
    "bad_pickle": "{source} is not a readable pickle: {reason}",
    "vector_not_list": "{source} must hold a JSON list of numbers",
    "vector_not_numbers": "{source} is not a list of numbers: {reason}",
    "vector_length": "{source} has {count:|value|values} but the network takes {n:|input|inputs}",
    "vector_nonfinite": "{source}: x{position} is {value}; inputs must be finite",
    "batch_shape": "{source} holds an array of shape {shape}, not rows of {n} values (one {label} "
                   "per row)",
    "batch_ragged": "{source} has rows of different lengths; a batch has one sample per row",
    "cannot_save_as": "cannot save as {suffix}: actlab saves .json or .npz (it never writes "
                      "pickles)",
    "no_extension": "a file without extension",
    "cannot_save": "cannot save {path}: {reason}",
    "not_regular_file": "{source} is not a regular file (a device, a pipe or a folder); "
                        "actlab opens only ordinary files",
    "too_many_numbers": "{source} holds more than {limit:,} numbers; actlab opens at most "
                        "that many",
    "number_too_large": "a number of {digits:,} digits is far beyond what a float64 holds",
    "cell_too_large": "{source}: {label}{where} is too large for a float64",
    "npz_no_directory": "its zip directory is missing or damaged",
    "npy_header": "the header of {label} is damaged",
    "npy_dtype": "{label} holds {dtype} values, not numbers a network can use",
    "npy_too_big": "{label} claims {count:,} values, more than a network can hold",
    "npy_size": "{source}'s data does not match the size its header gives",
    "npz_too_many": "it has more than {limit:,} arrays",
    "npz_member": "it holds {name}; a network NPZ holds only W1, b1, ..., activations and x",
    "npz_encrypted": "{name} is encrypted",
    "npz_compression": "{name} uses zip compression method {method}, which actlab does not read",
    "npz_size": "{name} is not the size its header gives",
    "pickle_opcode": "it uses {opcode}, which numpy arrays never need",
    "pickle_too_long": "it has more than {limit:,} opcodes; actlab reads pickles of numpy "
                       "arrays (save a larger network as JSON or NPZ)",
    "pickle_memo": "it names memo slot {index:,}, which it never filled",
    "pickle_length": "it claims a part of {length:,} bytes in a file of {size:,}",
    "pickle_big_int": "it holds an integer too large for any shape or weight",
    "pickle_damaged": "{reason}",
    "pickle_array_state": "it holds an array in a form numpy never writes",
    "pickle_array_too_big": "it claims an array of {count:,} values, more than the "
                            "file holds",
    "pickle_dtype": "it holds an array of {dtype}, not of numbers",
    # data sets (core/data.py) and evaluation (core/evaluate.py)
    "data_not_found": "no data set found (looked in {places}); get one: "
                      "`sudo apt-get install dataset-fashion-mnist` (Fashion-MNIST in "
                      "/usr/share/datasets/fashion-mnist), or run the book's dataset/mnist.py "
                      "(writes dataset/mnist.pkl), or keras.datasets.mnist.load_data() (writes "
                      "~/.keras/datasets/mnist.npz); then give --data PATH if it is elsewhere",
    "data_empty_folder": "{folder} holds no data set: neither t10k-images-idx3-ubyte[.gz] "
                         "nor mnist.pkl",
    "data_missing_file": "{folder} has no {name} (nor {name}.gz)",
    "data_not_data": "{source} is not a data set: give a folder of IDX files, the book's "
                     "mnist.pkl or Keras's mnist.npz",
    "data_unreadable": "cannot read {source}: {reason}",
    "idx_images": "images",
    "idx_labels": "labels",
    "idx_magic": "{source} is not an IDX file of {kind} in bytes (it starts {magic}, not "
                 "{expected})",
    "idx_dims": "{source} has {ndim:|dimension|dimensions}; IDX {kind} have {expected}",
    "idx_size": "{source} holds {got:,} bytes where its header claims {want:,}: it is cut "
                "off or damaged",
    "idx_trailing": "{source} has data after its last {item} (its header claims {want:,} "
                    "bytes)",
    "idx_images_one": "image",
    "idx_labels_one": "label",
    "idx_side": "{source} claims images of {rows} × {columns} pixels; actlab reads images "
                "of 1 to {limit} pixels a side",
    "data_too_big": "{source} claims {count:,} values; actlab reads data sets of up to "
                    "{limit:,}",
    "data_counts": "{images} holds {n_images:,|image|images} but {labels} holds "
                   "{n_labels:,|label|labels}",
    "data_image_sizes": "the training images are {train} pixels and the test images {test}: "
                        "they must be the same size",
    "data_pickle_keys": "{source} is not the book's mnist.pkl: it must hold one dict of "
                        "train_img, train_label, test_img and test_label",
    "data_npz_keys": "{source} is not Keras's mnist.npz: it must hold x_train, y_train, "
                     "x_test and y_test",
    "data_pixels": "{source}: the {label} hold {dtype} values; images must be bytes 0..255",
    "data_image_shape": "{source}: the {label} have shape {shape}; images are N × rows × "
                        "columns, or N square rows",
    "data_label_shape": "{source}: the {label} have shape {shape} of {dtype}; labels are "
                        "one whole number per image",
    "data_label_negative": "{source}: the {label} hold a negative class",
    "data_label_too_big": "{source}: the {label} hold class {value:,}; actlab reads classes "
                          "0 to {last:,}",
    "data_no_test_images": "{source} holds no test images",
    "data_bad_npz": "{source} is not a readable NPZ data set: {reason}",
    "batch_range": "the batch size must be from 1 to {limit:,}, not {batch}",
    "evaluate_inputs": "the network takes {n:,|input|inputs} but each image has "
                       "{pixels:,|pixel|pixels}",
    "evaluate_counts": "{images:,|image|images} but {labels:,|label|labels}",
    "evaluate_empty": "there are no test images to evaluate",
    "evaluate_negative": "the labels hold a negative class ({label})",
    "evaluate_classes": "the labels go up to {label} but the network has "
                        "{n:|output|outputs} (classes 0 to {n_last})",
    # the command line's options and limits (tui/cli.py, core/landscape.py)
    "usage": "{message} (see {command} --help)",
    "option_whole": "must be a whole number from {low} to {high}, not {text!r}",
    "option_number": "must be a number from {low} to {high}, not {text!r}",
    "option_not_number": "{option}: {text!r} is not a number",
    "option_empty_file": "{option} needs a file name, not an empty string",
    "cli_not_regular_file": "it is not a regular file (a directory, a device or a pipe)",
    "file_needs_memory": "it asks for more memory than there is",
    "file_too_nested": "it is nested too deeply",
    "file_number_too_big": "it holds a number too large for float64",
    "drawing_too_big": "{source} claims shape {shape} ({values:,} values); a drawing has at "
                       "most {limit:,}",
    "landscape_range": "the landscape's range must be finite numbers LO < HI, not {low} and "
                       "{high}",
    "landscape_steps_max": "the landscape has at most {limit} steps per axis, not {steps}",
    "landscape_too_large": "{steps} × {steps} points of {per_point} values each are {values:,} "
                           "values, more than the {limit:,} allowed",
    "serve_empty_host": "--host needs an address, not an empty string (which means every "
                        "address)",
    "serve_cannot_listen": "cannot listen on {host} port {port}: {reason}",
}

JA: dict[str, str] = {
    "unknown_function": "{name!r} という関数はありません。次から選んでください: {choices}",
    "unknown_preset": "{name!r} というプリセットはありません。次から選んでください: {choices}",
    "unknown_initialiser": "{name!r} という重みの初期値はありません。次から選んでください: {choices}",
    "in_layer": "第{k}層: {error}",
    "rows_differ": "{label} の行の長さがそろっていません",
    "not_numbers": "{label} には数だけを入れてください ({detail})",
    "no_layers": "ネットワークには少なくとも 1 つの層が必要です",
    "not_matrix": "第{k}層: W{k} は行列 (2 次元) でなければなりませんが、形は {shape} です",
    "not_vector": "第{k}層: b{k} はベクトル (1 次元) でなければなりませんが、形は {shape} です",
    "empty_matrix": "第{k}層: W{k} が空です (形 {shape})",
    "rows_mismatch": "第{k}層: W{k} の行数は {rows} ですが、第{previous}層の出力は {outputs} 個です",
    "bias_mismatch": "第{k}層: b{k} の値は {values} 個ですが、W{k} の列は {columns} 個です",
    "nonfinite_matrix": "第{k}層: {label} の {row} 行 {column} 列が {value} です。"
                        "重みとバイアスは有限の数でなければなりません",
    "nonfinite_vector": "第{k}層: {label} の {position} 番目が {value} です。"
                        "重みとバイアスは有限の数でなければなりません",
    "output_only": "第{k}層: {name} は出力層の関数なので、最後の層にだけ使えます",
    "too_many_parameters": "{source} のパラメータは {total:,} 個です。actlab が開けるのは "
                           "{limit:,} 個までです",
    "experiment_too_large": "{samples:,} サンプル × {layers} 層 × {width} ニューロンで "
                            "{values:,} 個の値になり、この実行の上限 {limit:,} を超えます",
    "experiment_too_slow": "{samples:,} サンプル × {layers} 層 × {width}² 個の重みで積和が "
                           "{work:,} 回になり、この画面が入力ごとに再計算できる上限 {limit:,} を"
                           "超えます。`actlab init-experiment` なら実行できます",
    "experiment_too_many_weights": "{width} × {width} の重みが {layers} 層で {total:,} 個になり、"
                                   "上限 {limit:,} を超えます",
    "the_network": "このネットワーク",
    "x_not_numbers": "x は数のリストでなければなりません",
    "x_length": "x の値は {got} 個ですが、ネットワークの入力は {n} 個です (W1 は {n} 行)",
    "x_nonfinite": "x{position} が {value} です。入力は有限の数でなければなりません",
    "x_component": "x{i} はありません。ネットワークの入力は {n} 個です",
    "t_not_numbers": "t は数のリストか、正解ラベルでなければなりません",
    "t_length": "t の値は {got} 個ですが、ネットワークの出力は {n} 個です",
    "t_nonfinite": "t{position} が {value} です。教師データは有限の数でなければなりません",
    "t_label": "クラス {label} はありません。出力 {n} 個のクラスは 0 から {last} までです",
    "t_labels_shape": "正解ラベルはサンプルごとに 1 つの数です。形 {shape} の配列ではありません",
    "t_rows": "t は {rows} 行ですが、x のサンプルは {samples} 個です",
    "unknown_loss": "{name!r} という損失関数はありません。次から選んでください: {choices}",
    "loss_output": "交差エントロピー誤差には確率を出す出力 ({choices}) が必要です。{name} では使えません",
    "lr_value": "学習率は 0 より大きい有限の数にしてください ({lr} ではなく)",
    "t_negative": "交差エントロピーの t は 0 以上 (各クラスの確率) でなければなりません: {row} 行目に {value} があります",
    "t_sum": "交差エントロピーの t は各行の合計が 1 (one-hot か確率) でなければなりません: "
             "{row} 行目の合計は {total} です",
    "gradient_nonfinite": "勾配 {label} が {value} です (y がオーバーフローしました)。"
                          "1 歩も進めません。学習率では直せません",
    "step_nonfinite": "学習率 {lr} で 1 歩進むと {label} が無限大になります。学習率が大きすぎます",
    "step_shapes": "この勾配はネットワークの形に合いません (形が変わっています)",
    "trace_mismatch": "この順伝播はこのネットワークのものではありません (層か関数が違います)",
    "check_too_large": "{shape} で {samples} サンプルの勾配確認は時間がかかりすぎます (数値微分は"
                       "重みを 1 つずつ 2 回動かします)。{most} サンプル以下にしてください",
    "check_loss_nonfinite": "損失そのものが {loss} です (float64 があふれました)。損失の差は数になりません。"
                            "t と y を 1e150 程度以内にしてください",
    "check_float32": "{array} は float32 です。W ± h が約 7 桁に丸められ、刻みがちょうど h になりません",
    "check_kink": "{array} を ± {h} 動かすと、第{k}層のニューロン {j} ({name}) の a{k} が "
                  "折れ目 {kink} をまたぎ、傾きが跳びます",
    "landscape_inputs": "出力マップには 1 から {n} までの異なる入力が 2 つ必要です ({i} と {j} ではなく)",
    "landscape_steps": "出力マップの各軸には少なくとも 2 点が必要です ({steps} ではなく)",
    "digit_shape": "数字は 2 次元の絵 (28×28) です。形 {shape} の配列ではありません",
    "digit_nonfinite": "絵に nan か inf が入っています",
    "drawing_inputs": "絵は 28×28 = 784 個の入力ですが、このネットワークの入力は {n} 個です。"
                      "本の sample_weight.pkl のような入力 784 個のネットワークを開いてください",
    "not_hidden": "第{k}層は隠れ層ではありません。大きさを変えられるのは隠れ層だけです",
    "no_units": "第{k}層には少なくとも 1 つのニューロンが必要です",
    "insert_where": "隠れ層を置けるのは x の後か、第1層から第{last}層の後です",
    "output_stays": "第{k}層は隠れ層ではありません。出力層は取り除けません",
    "no_inputs": "ネットワークには少なくとも 1 つの入力が必要です",
    "unknown_dataset": "{name!r} というデータセットはありません。次から選んでください: {choices}",
    "dataset_noise": "ノイズは {low:g} から {high:g} までの百分率にしてください ({value} ではなく)",
    "dataset_share": "訓練データの割合は {low:g} から {high:g} までの百分率にしてください ({value} ではなく)",
    "csv_not_text": "{source} は UTF-8 のテキストではありません ({position} バイト目)",
    "csv_columns": "{source} の {line} 行目: 行には x1, x2, label の 3 つの値が必要です ({count} 個ではなく)",
    "csv_not_number": "{source} の {line} 行目: {column} が {text!r} で、数ではありません",
    "csv_nonfinite": "{source} の {line} 行目: {column} が {text} です。点は有限の数でなければなりません",
    "csv_too_many": "{source} の点が {limit:,} 個を超えています。actlab が学習に使えるのはその数までです",
    "csv_too_few": "{source} の点は {count} 個です。学習には少なくとも 2 個必要です",
    "csv_classes": "{source} のラベルが {k} まであり、{limit} クラスを超えます。ラベルは -1/1、"
                   "クラス 0..{top}、または回帰する値にしてください",
    "no_features": "入力の特徴量が少なくとも 1 つ必要です: {choices}",
    "unknown_feature": "{name!r} という特徴量はありません。次から選んでください: {choices}",
    "feature_twice": "特徴量 {name} が 2 回選ばれています",
    "feature_nonfinite": "{source} の {line} 行目: 特徴量 {feature} が {value} です "
                         "(float64 には大きすぎます)。点を小さくしてください",
    "feature_nonfinite_point": "{point} 番目の点: 特徴量 {feature} が {value} です "
                               "(float64 には大きすぎます)。点を小さくしてください",
    "no_train_points": "この訓練データの割合では学習に使う点がありません",
    "no_train_images": "{source} には学習に使う訓練画像がありません",
    "grid_steps": "出力マップの各軸は 2 から {limit} 点です ({steps} ではなく)",
    "confusion_regression": "回帰にはクラスがないので混同行列もありません",
    "unknown_optimizer": "{name!r} という最適化手法はありません。次から選んでください: {choices}",
    "unknown_draw": "{name!r} というバッチの取り方はありません。次から選んでください: {choices}",
    "unknown_regularisation": "{name!r} という正則化はありません。次から選んでください: {choices}",
    "batch_size": "バッチサイズは 1 から訓練データの点の数 {n} までにしてください ({batch} ではなく)",
    "diverged": "{epoch} エポック目で学習が発散しました: 重みか損失が無限大か NaN になりました。"
                "学習率を {lr:g} より小さくしてみてください",
    "diverged_reg": "{epoch} エポック目で学習が発散しました: 重みか損失が無限大か NaN になりました。"
                    "学習率を {lr:g} より、または正則化の率を {rate:g} より小さくしてみてください",
    "loss_nonfinite_untrained": "学習前のネットワークの損失がすでに無限大か NaN です: "
                                "データがこのネットワークの扱える範囲を超えています。点を小さくしてください",
    "file_wrapped": "{source}: {error}",
    "not_mapping": "{source} には W1, b1, W2, b2, ... の辞書が 1 つ必要ですが、{kind} が入っています",
    "unknown_key": "{source} に未知のキー {key!r} があります。ネットワークファイルに入るのは "
                   "W1, b1, W2, b2, ... と、必要なら 'activations' と 'x' です",
    "no_w1": "{source} に W1 がありません。ネットワークが入っていません",
    "missing_key": "{source} に {key} がありません (W1..W{depth} があります)",
    "key_gap": "{source} に {key} がありますが W{k} がありません。キーは W1..W{depth} と "
               "b1..b{depth} が抜けなく続く必要があります",
    "activations_not_names": "{source}: 'activations' は関数名のリストでなければなりません",
    "activations_count": "{source}: 'activations' には関数が {count} 個ありますが、"
                         "ネットワークは {depth} 層です",
    "array_not_numbers": "{source}: {label} の値は {dtype} で、数ではありません",
    "cell_not_number": "{source}: {label}{where} が {value} で、数ではありません",
    "file_too_big": "{source} は {size:.0f} MiB です。actlab が開けるのは {limit} MiB までです",
    "cannot_read": "{path} を読めません: {reason}",
    "not_network_file": "{source} は JSON、NPZ、pickle のネットワークファイルではありません",
    "bad_json": "{source} は正しい JSON ではありません: {line} 行 {column} 列で {reason}",
    "too_deep": "{source} はリストの入れ子が深すぎて、ネットワークではありません",
    "bad_npz": "{source} は読めない NPZ です: {reason}",
    "npz_objects": "Python のオブジェクトが入っています",
    "pickle_refused": "開きませんでした: この pickle は {name} を求めています。"
                      "actlab が pickle から読むのは numpy の配列だけです",
    "bad_pickle": "{source} は読めない pickle です: {reason}",
    "vector_not_list": "{source} には数の JSON リストが必要です",
    "vector_not_numbers": "{source} は数のリストではありません: {reason}",
    "vector_length": "{source} の値は {count} 個ですが、ネットワークの入力は {n} 個です",
    "vector_nonfinite": "{source}: x{position} が {value} です。入力は有限の数でなければなりません",
    "batch_shape": "{source} の配列の形は {shape} で、{n} 個ずつの行 (1 行に {label} 1 つ) "
                   "ではありません",
    "batch_ragged": "{source} の行の長さがそろっていません。バッチは 1 行に 1 サンプルです",
    "cannot_save_as": "{suffix} では保存できません。actlab が保存するのは .json と .npz です "
                      "(pickle は書きません)",
    "no_extension": "拡張子のないファイル",
    "cannot_save": "{path} に保存できません: {reason}",
    "not_regular_file": "{source} は通常のファイルではありません (デバイス、パイプ、フォルダなど)。"
                        "actlab が開くのは通常のファイルだけです",
    "too_many_numbers": "{source} には {limit:,} 個を超える数が入っています。actlab が開けるのは"
                        "その数までです",
    "number_too_large": "{digits:,} 桁の数は float64 で表せる範囲をはるかに超えています",
    "cell_too_large": "{source}: {label}{where} は float64 で表すには大きすぎます",
    "npz_no_directory": "zip のディレクトリがないか、壊れています",
    "npy_header": "{label} のヘッダが壊れています",
    "npy_dtype": "{label} の値は {dtype} で、ネットワークに使える数ではありません",
    "npy_too_big": "{label} は値が {count:,} 個あると書かれていて、ネットワークに入る数を超えています",
    "npy_size": "{source} のデータがヘッダに書かれた大きさと合いません",
    "npz_too_many": "配列が {limit:,} 個を超えています",
    "npz_member": "{name} が入っています。ネットワークの NPZ に入るのは W1, b1, ...、"
                  "activations と x だけです",
    "npz_encrypted": "{name} は暗号化されています",
    "npz_compression": "{name} は zip の圧縮方式 {method} を使っていて、actlab では読めません",
    "npz_size": "{name} の大きさがヘッダに書かれた大きさと合いません",
    "pickle_opcode": "numpy の配列には不要な命令 {opcode} を使っています",
    "pickle_too_long": "命令が {limit:,} 個を超えています。actlab が読むのは numpy 配列の "
                       "pickle です (大きなネットワークは JSON か NPZ で保存してください)",
    "pickle_memo": "一度も値を入れていないメモ {index:,} 番を参照しています",
    "pickle_length": "{size:,} バイトのファイルの中に {length:,} バイトの部分があると"
                     "書かれています",
    "pickle_big_int": "形にも重みにもなりえない大きな整数が入っています",
    "pickle_damaged": "{reason}",
    "pickle_array_state": "numpy が書くことのない形で配列が保存されています",
    "pickle_array_too_big": "値が {count:,} 個の配列があると書かれていますが、"
                            "ファイルにはそれだけの値が入っていません",
    "pickle_dtype": "配列の型が {dtype} で、数の配列ではありません",
    "data_not_found": "データセットが見つかりません ({places} を探しました)。入手するには: "
                      "`sudo apt-get install dataset-fashion-mnist` (Fashion-MNIST が "
                      "/usr/share/datasets/fashion-mnist に入ります)、本の dataset/mnist.py を"
                      "実行する (dataset/mnist.pkl ができます)、または "
                      "keras.datasets.mnist.load_data() (~/.keras/datasets/mnist.npz ができます)。"
                      "ほかの場所にあるときは --data PATH で指定してください",
    "data_empty_folder": "{folder} にはデータセットがありません: "
                         "t10k-images-idx3-ubyte[.gz] も mnist.pkl もありません",
    "data_missing_file": "{folder} に {name} ({name}.gz も) がありません",
    "data_not_data": "{source} はデータセットではありません。IDX ファイルのフォルダ、本の "
                     "mnist.pkl、Keras の mnist.npz のどれかを指定してください",
    "data_unreadable": "{source} を読めません: {reason}",
    "idx_images": "画像",
    "idx_labels": "ラベル",
    "idx_magic": "{source} はバイトの{kind}の IDX ファイルではありません (先頭が {magic} で、"
                 "{expected} ではありません)",
    "idx_dims": "{source} は {ndim} 次元です。IDX の{kind}は {expected} 次元です",
    "idx_size": "{source} のデータは {got:,} バイトですが、ヘッダには {want:,} バイトとあります。"
                "途中で切れているか壊れています",
    "idx_trailing": "{source} には最後の{item}のあとにもデータがあります (ヘッダには "
                    "{want:,} バイトとあります)",
    "idx_images_one": "画像",
    "idx_labels_one": "ラベル",
    "idx_side": "{source} の画像は {rows} × {columns} ピクセルとあります。actlab が読めるのは"
                "一辺 1 から {limit} ピクセルまでです",
    "data_too_big": "{source} には値が {count:,} 個あるとあります。actlab が読めるのは "
                    "{limit:,} 個までです",
    "data_counts": "{images} の画像は {n_images:,} 枚ですが、{labels} のラベルは "
                   "{n_labels:,} 個です",
    "data_image_sizes": "訓練画像は {train} ピクセル、テスト画像は {test} ピクセルです。"
                        "同じ大きさでなければなりません",
    "data_pickle_keys": "{source} は本の mnist.pkl ではありません。train_img, train_label, "
                        "test_img, test_label の辞書が 1 つ必要です",
    "data_npz_keys": "{source} は Keras の mnist.npz ではありません。x_train, y_train, "
                     "x_test, y_test が必要です",
    "data_pixels": "{source}: {label}の値は {dtype} です。画像は 0..255 のバイトでなければ"
                   "なりません",
    "data_image_shape": "{source}: {label}の形は {shape} です。画像は N × 行 × 列、または"
                        "正方形の N 行です",
    "data_label_shape": "{source}: {label}の形は {dtype} の {shape} です。ラベルは画像 1 枚に"
                        "整数 1 つです",
    "data_label_negative": "{source}: {label}に負のクラスがあります",
    "data_label_too_big": "{source}: {label}にクラス {value:,} があります。actlab が読める"
                          "のはクラス 0 から {last:,} までです",
    "data_no_test_images": "{source} にはテスト画像がありません",
    "data_bad_npz": "{source} は読めない NPZ のデータセットです: {reason}",
    "batch_range": "バッチサイズは 1 から {limit:,} までにしてください ({batch} ではなく)",
    "evaluate_inputs": "ネットワークの入力は {n:,} 個ですが、画像 1 枚のピクセルは {pixels:,} "
                       "個です",
    "evaluate_counts": "画像は {images:,} 枚ですが、ラベルは {labels:,} 個です",
    "evaluate_empty": "評価するテスト画像がありません",
    "evaluate_negative": "ラベルに負のクラス ({label}) があります",
    "evaluate_classes": "ラベルは {label} までありますが、ネットワークの出力は {n} 個です "
                        "(クラス 0 から {n_last})",
    "usage": "{message} ({command} --help を見てください)",
    "option_whole": "{low} から {high} までの整数にしてください ({text!r} ではなく)",
    "option_number": "{low} から {high} までの数にしてください ({text!r} ではなく)",
    "option_not_number": "{option}: {text!r} は数ではありません",
    "option_empty_file": "{option} にはファイル名が必要です (空の文字列ではなく)",
    "cli_not_regular_file": "ファイルではなく、ディレクトリ、デバイス、パイプのどれかです",
    "file_needs_memory": "使えるメモリより多くを必要とします",
    "file_too_nested": "入れ子が深すぎます",
    "file_number_too_big": "float64 に収まらない大きな数が入っています",
    "drawing_too_big": "{source} の形は {shape} ({values:,} 個の値) とあります。絵の値は "
                       "{limit:,} 個までです",
    "landscape_range": "出力マップの範囲は有限の数で LO < HI にしてください ({low} と {high} ではなく)",
    "landscape_steps_max": "出力マップの各軸は {limit} 点までです ({steps} ではなく)",
    "landscape_too_large": "{steps} × {steps} 点で 1 点に {per_point} 個の値があり、合わせて "
                           "{values:,} 個になり、上限 {limit:,} を超えます",
    "serve_empty_host": "--host にはアドレスが必要です (空の文字列はすべてのアドレスを意味します)",
    "serve_cannot_listen": "{host} のポート {port} で待ち受けられません: {reason}",
}

CATALOGUES = {"en": EN, "ja": JA}
# What text() looks in: core's texts, then those a user interface adds.
_LOOKUP = {language: ChainMap(texts) for language, texts in CATALOGUES.items()}
_language = "en"


def add_catalogue(language: str, texts: dict[str, str]) -> None:
    """Add a user interface's texts for `language`; a key may mean one thing only."""
    lookup = _LOOKUP[language]
    taken = set(texts) & set(lookup)
    if taken:
        raise KeyError(f"catalogue keys already taken: {', '.join(sorted(taken))}")
    lookup.maps.append(texts)


def set_language(language: str) -> None:
    global _language
    if language not in _LOOKUP:
        raise KeyError(f"no catalogue for {language!r}; there are: {', '.join(_LOOKUP)}")
    _language = language


def language() -> str:
    return _language


class _Formatter(string.Formatter):
    """str.format, with `{n:|one|other}`: the count, then the noun that agrees with it."""

    def format_field(self, value, format_spec: str) -> str:
        spec, bar, forms = format_spec.partition("|")
        text = super().format_field(value, spec)
        if not bar:
            return text
        one, _, other = forms.partition("|")
        return f"{text} {one if value == 1 else other}"


_FORMATTER = _Formatter()


def text(key: str, values: dict | None = None, language: str | None = None) -> str:
    """The text for `key` in the current (or the given) language, filled in."""
    template = _LOOKUP[language or _language][key]
    return _FORMATTER.vformat(template, (), values) if values else template


def render(key: str, values: dict) -> str:
    """The message for `key` in the current language, in one line; nested
    errors in it too."""
    shown = {name: str(value) if isinstance(value, Exception) else value
             for name, value in values.items()}
    # One line always: a library's reason or a value quoted from a file may
    # carry newlines, and a message is one line wherever it is shown.
    return " ".join(text(key, shown).splitlines())

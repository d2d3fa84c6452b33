data <- read.csv("r-syntaxe-code-inconnu_R_data_file.csv", quote = "'\"", na.strings=c("", "\"\""), stringsAsFactors=FALSE, fileEncoding="UTF-8-BOM")

# LimeSurvey Field type: A
data[, 1] <- as.character(data[, 1])
attributes(data)$variable.labels[1] <- "Response ID"
names(data)[1] <- "id"
# LimeSurvey Field type: A
data[, 2] <- as.character(data[, 2])
attributes(data)$variable.labels[2] <- "Token"
names(data)[2] <- "token"
# LimeSurvey Field type: A
data[, 3] <- as.character(data[, 3])
attributes(data)$variable.labels[3] <- "Quel est votre âge ?"
data[, 3] <- factor(data[, 3], levels=c("1","2","3"),labels=c("18-24 ans", "25-34 ans", "21-30"))
names(data)[3] <- "SOC02"
